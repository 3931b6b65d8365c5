import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { BAD_STAFF_FORMS, type BadForm } from '../libs/testing/bad-staff-forms.factory';
import { buildCrawlWorld, type CrawlWorld } from '../libs/testing/crawl-world.factory';
import { FUZZ_PASSWORDS } from '../libs/testing/fuzz-world.factory';
import { formsOf } from '../libs/testing/page-forms.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import { errorSummary } from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, type TestDatabase } from '../libs/testing/test-database.service';

/*
 * A refused staff form comes back as a GOV.UK page (issue #12, Tests: an error-summary test for
 * each form): its error summary links (href="#field") to the field at fault, an element of the
 * page with that id, and what was typed is still in the fields. One bad value per form type
 * (libs/testing/bad-staff-forms.factory.ts), the rest of the form as the page offers it: the
 * directory's, the meeting room's, a case event, the case's lifecycle, documents, away, the
 * account's and the administrator's.
 */

/** What a field with `id` shows: an input's value, a textarea's text, a select's chosen option. */
function shown(html: string, id: string): string | undefined {
  const input = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  if (input) return /value="([^"]*)"/.exec(input)?.[1] ?? '';
  const area = new RegExp(`<textarea[^>]*\\bid="${id}"[^>]*>([^<]*)</textarea>`).exec(html);
  if (area) return area[1].trim();
  const select = new RegExp(`<select[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (select) return /<option[^>]*value="([^"]*)"[^>]*selected/.exec(select[1])?.[1] ?? '';
  return undefined;
}

describe('every staff form refused comes back with its error summary and what was typed', () => {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  let db: TestDatabase;
  let app: INestApplication;
  let world: CrawlWorld;
  const agents: Partial<Record<BadForm['as'], ReturnType<typeof request.agent>>> = {};

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    world = await buildCrawlWorld(db.ds, app, clock);
    const staff = {
      officer: ['officer', FUZZ_PASSWORDS.officer],
      administrator: ['gp', FUZZ_PASSWORDS.administrator],
    } as const;
    for (const [as, [who, password]] of Object.entries(staff)) {
      const agent = request.agent(app.getHttpServer());
      const res = await postSignIn(agent, { email: world.emailOf(who), password, next: '/cases' });
      expect(res.status).toBe(303);
      agents[as as BadForm['as']] = agent;
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('links each error to its field and keeps the values typed, on every form type', async () => {
    const wrong: string[] = [];
    for (const f of BAD_STAFF_FORMS) {
      const agent = agents[f.as]!;
      const path = f.page(world);
      const page = await agent.get(path);
      const action = f.action?.(world) ?? path;
      // A form without an action posts to its page's own address.
      const html = page.text.replace(/<form (?![^>]*action=)/g, `<form action="${path}" `);
      const form = formsOf(html).find((x) => x.action === action);
      if (!form) {
        wrong.push(`${f.form}: no form posting to ${action} on ${f.page(world)} (${page.status})`);
        continue;
      }
      // The form as the page offers it (each field's first value), then the bad value.
      const fields: Record<string, string> = {
        ...Object.fromEntries(
          [...form.fields].map(([name, values]) => [name, [...values][0] ?? '']),
        ),
        ...f.set,
      };
      let post = agent.post(action);
      if (f.multipart) for (const [k, v] of Object.entries(fields)) post = post.field(k, v);
      else post = post.type('form').send(fields);
      const res = await post;
      const links = errorSummary(res.text).map((l) => l.href);
      const id = (x: string) => x.replace(':item', world.fuzz.items[1]);
      const link = id(f.link);
      const problems = [
        res.status === 400 || res.status === 422 ? '' : `answered ${res.status}`,
        links.includes(`#${link}`) ? '' : `summary links ${JSON.stringify(links)}, not #${link}`,
        shown(res.text, link) !== undefined ? '' : `no field with id ${link}`,
        ...Object.entries(f.kept).map(([field, value]) =>
          shown(res.text, id(field)) === value
            ? ''
            : `${id(field)} shows ${JSON.stringify(shown(res.text, id(field)))}`,
        ),
      ].filter(Boolean);
      if (problems.length) wrong.push(`${f.form}: ${problems.join('; ')}`);
    }
    expect(wrong).toEqual([]);
  });
});
