import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { ManualClock } from '../core/clock.service';
import { LinkTokens } from '../links/link-token.service';
import { type CrawlWorld, officerDecisionDecided } from './crawl-world.factory';
import { directoryUseCases } from './directory-use-cases.factory';
import { FUZZ_PASSWORDS } from './fuzz-world.factory';
import { HttpCases } from './http-cases.service';
import { SECOND_COUNCIL, THIRD_COUNCIL } from './keyboard-decision-forms.factory';
import type { KeyboardPlaces } from './keyboard-forms.factory';
import type { SmtpCapture } from './smtp-capture.service';

/**
 * What test/keyboard-decision-forms-browser's rows need beside the crawl's world: the officer an
 * administrator of a second council too (the same email address, a password of its own there),
 * the administrator's password opening a third council's account too, the emailed links'
 * addresses as the rows reach them, an officer's decision under delegation decided and awaiting
 * its publication, and the code of the newest email to confirm who answers a
 * link, as `smtp` received it (or the code of the email before it, which the newest replaced).
 */
export async function keyboardDecisionWorld(
  ds: DataSource,
  app: INestApplication,
  clock: ManualClock,
  world: CrawlWorld,
  smtp: SmtpCapture,
): Promise<{
  places: KeyboardPlaces;
  emailedCode: (which?: 'newest' | 'replaced') => Promise<string>;
}> {
  const { passwordToken } = await directoryUseCases(ds, clock).createTenant.create({
    slug: SECOND_COUNCIL.slug,
    name: SECOND_COUNCIL.name,
    adminEmail: world.emailOf('officer'),
  });
  const third = await directoryUseCases(ds, clock).createTenant.create({
    ...THIRD_COUNCIL,
    adminEmail: world.emailOf('gp'),
  });
  for (const [token, password] of [
    [passwordToken, SECOND_COUNCIL.password],
    [third.passwordToken, FUZZ_PASSWORDS.administrator],
  ])
    await request(app.getHttpServer())
      .post(`/set-password/${token}`)
      .type('form')
      .send({ password, confirm: password })
      .expect(200);

  const toPublish = await officerDecisionDecided(
    new HttpCases(() => app, world.keyOf),
    world.ids.delegations.dphDecision,
    clock.now().toISOString().slice(0, 10),
    { title: 'Mobile library routes', summary: 'The routes of the mobile library from October' },
  );
  const tokens = app.get(LinkTokens);
  let read = 0;
  return {
    places: {
      linkOf: async (caseId, personKey) => {
        const [link]: { id: string }[] = await ds.query(
          `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'
           ORDER BY created_at DESC LIMIT 1`,
          [caseId, world.id(personKey)],
        );
        if (!link) throw new Error(`${personKey} has no open link on the case`);
        return `/act/${tokens.tokenFor(link.id)}`;
      },
      officerDecisionToPublish: () => toPublish.id,
    },
    emailedCode: async (which = 'newest') => {
      for (;;) {
        // The codes not typed yet: the newest replaces the one before; that one is typed unread.
        const unread = smtp.messages.flatMap((m, n) =>
          n >= read && /Your code is \d{6}/.test(m.text) ? [n] : [],
        );
        const at = unread.at(which === 'newest' ? -1 : -2);
        if (at !== undefined) {
          if (which === 'newest') read = at + 1;
          return /Your code is (\d{6})/.exec(smtp.messages[at].text)![1];
        }
        await smtp.waitForCount(smtp.messages.length + 1, 30_000);
      }
    },
  };
}
