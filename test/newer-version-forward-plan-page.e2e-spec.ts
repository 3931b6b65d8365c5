import request from 'supertest';
import { MACHINE } from '../libs/testing/keyboard-in-page.service';
import {
  NEWER_VERSION_OFFICER_PASSWORD,
  newerVersionDecisionsHarness,
} from '../libs/testing/newer-version-decisions-harness.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import { csrfOf, pageText } from '../libs/testing/staff-page-client.service';

/*
 * A rolling upgrade, or a downgrade (docs/operations.md): two key decisions run on a template
 * version this build does not have, one listed by an edition already published, one not. The
 * staff forward plan page lists both in their place, in people's words (no key, id, UTC time or
 * ISO day), with what the last edition said of them; it says before its form that an edition waits
 * for the update, and a date sent anyway is answered that the service is being updated, nothing
 * published.
 */
describe('the staff forward plan page while key decisions are on a template version this build lacks', () => {
  const { ready, keyCase, toVersion99, referenceOf, editions } = newerVersionDecisionsHarness();
  const app = () => ready().app;
  const world = () => ready().world;
  const WAITS =
    'This case cannot be opened until an update to the service has finished. Try again in a few minutes.';

  it('lists them in their place in people’s words, says an edition waits for the update, and publishes none', async () => {
    const known = await keyCase('Sexual health service recommissioning', '2025-09-15');
    const listed = await keyCase('Library service restructure', '2025-09-01');
    await request(app().getHttpServer())
      .post('/api/forward-plan/editions')
      .set('Authorization', `Bearer ${world().keyOf('officer')}`)
      .send({ publishedOn: '2025-08-01' })
      .expect(201);
    const unlisted = await keyCase('Parks maintenance contract', '2025-10-01');
    await toVersion99(listed.id, unlisted.id);
    ready().h.clock.set('2025-08-04T09:00:00Z');

    const officer = request.agent(app().getHttpServer());
    const signedIn = await postSignIn(
      officer,
      {
        email: world().emailOf('officer'),
        password: NEWER_VERSION_OFFICER_PASSWORD,
        next: '/cases',
      },
      { 'X-Forwarded-For': '198.51.100.91' },
    );
    expect(signedIn.status).toBe(303);
    const page = await officer.get('/forward-plan');
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    const draft = text.slice(
      text.indexOf('What the next edition will list'),
      text.indexOf('Publish an edition'),
    );
    // In their place: by the day the last edition gave it, then the one no edition listed last.
    expect(draft).toContain('3 key decisions to come');
    expect(draft).toContain(
      `Library service restructure (${await referenceOf(listed.id)}) ${WAITS} Dr Rhea Stone, Director of Public Health, under delegation from the Cabinet`,
    );
    expect(draft).toContain('On or after Monday 1 September 2025 Since Friday 1 August 2025');
    expect(draft).toContain(
      `Parks maintenance contract (${await referenceOf(unlisted.id)}) ${WAITS} not yet named, not known until the update has finished Not known until the update has finished New`,
    );
    expect(draft.indexOf('Library service restructure')).toBeLessThan(
      draft.indexOf('Sexual health service recommissioning'),
    );
    expect(draft.indexOf('Sexual health service recommissioning')).toBeLessThan(
      draft.indexOf('Parks maintenance contract'),
    );
    // Before the form: an edition waits for the update.
    expect(text).toContain(
      'An edition cannot be published until an update to the service has finished: 2 of the key decisions above cannot be read until then. Try again in a few minutes.',
    );
    // People's language: no key, version, code, id, UTC time or ISO day.
    expect(text).not.toMatch(MACHINE);
    expect(text).not.toMatch(
      /officer-delegated-decision|version 99|TEMPLATE_VERSION|notInThisBuild|undefined|null/,
    );
    // Nothing links to a case's page that cannot open yet; the one this build reads is not linked either.
    for (const c of [listed, unlisted, known]) expect(page.text).not.toContain(c.id);

    // A date sent anyway: the service is being updated, in words; no edition published.
    const before = await editions();
    // As a browser sends it (it accepts HTML).
    const sent = await officer
      .post('/forward-plan/check')
      .set('Accept', 'text/html')
      .type('form')
      .send({
        _csrf: await csrfOf(officer, '/forward-plan'),
        'publishedOn-day': '4',
        'publishedOn-month': '8',
        'publishedOn-year': '2025',
      });
    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBe('60');
    const refused = pageText(sent.text);
    expect(refused).toContain('Sorry, the service is being updated');
    expect(refused).not.toMatch(MACHINE);
    expect(refused).not.toMatch(/officer-delegated-decision|version 99|TEMPLATE_VERSION/);
    expect(await editions()).toBe(before);
  });
});
