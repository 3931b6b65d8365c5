import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { BAD_STAFF_CHOICE_FORMS } from '../libs/testing/bad-staff-choice-forms.factory';
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

/** What a field with `id` shows: an input's value (a radio's when chosen), a textarea's text, a select's chosen option. */
function shown(html: string, id: string): string | undefined {
  const input = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  // A radio shows its value when it is the one chosen.
  if (input && /type="radio"/.test(input) && !/\bchecked\b/.test(input)) return '';
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
    for (const f of [...BAD_STAFF_FORMS, ...BAD_STAFF_CHOICE_FORMS]) {
      const problems = await refused(f);
      if (problems.length) wrong.push(`${f.form}: ${problems.join('; ')}`);
    }
    expect(wrong).toEqual([]);
  });

  /** What is wrong with how `f`'s form answers its bad value (nothing, when all is right). */
  async function refused(f: BadForm): Promise<string[]> {
    const agent = agents[f.as]!;
    const path = f.page(world);
    let page = await agent.get(path);
    // A form without an action posts to its page's own address.
    const withActions = (html: string) =>
      formsOf(html.replace(/<form (?![^>]*action=)/g, `<form action="${path}" `));
    const offered = (html: string, action: string | RegExp) =>
      withActions(html).find((x) =>
        typeof action === 'string' ? x.action === action : action.test(x.action),
      );
    const firstValues = (fields: Map<string, Set<string>>) =>
      Object.fromEntries([...fields].map(([name, values]) => [name, [...values][0] ?? '']));
    if (f.via) {
      const via = f.via.action(world);
      const first = offered(page.text, via);
      if (!first) return [`no form posting to ${via} on ${path} (${page.status})`];
      const today = clock.now().toISOString().slice(0, 10);
      page = await agent
        .post(via)
        .type('form')
        .send({ ...firstValues(first.fields), ...f.via.set(today) })
        .redirects(1);
    }
    const wanted = f.action?.(world) ?? path;
    const form = offered(page.text, f.fieldsOf?.(world) ?? wanted);
    if (!form) {
      const said = errorSummary(page.text).map((l) => l.text);
      return [`no form posting to ${String(wanted)} on ${path} (${page.status} ${said.join(' ')})`];
    }
    const action = typeof wanted === 'string' ? wanted : form.action;
    const offeredFields = form.fields;
    const fromForm = <T>(x: T | ((fields: Map<string, Set<string>>, action: string) => T)) =>
      typeof x === 'function'
        ? (x as (fi: typeof offeredFields, a: string) => T)(offeredFields, action)
        : x;
    // The form as the page offers it (each field's first value), then the bad value.
    const fields: Record<string, string> = { ...firstValues(form.fields), ...fromForm(f.set) };
    const before = f.unchanged ? JSON.stringify(await db.ds.query(f.unchanged)) : '';
    let post = agent.post(action);
    if (f.multipart) for (const [k, v] of Object.entries(fields)) post = post.field(k, v);
    else post = post.type('form').send(fields);
    const res = await post;
    const links = errorSummary(res.text).map((l) => l.href);
    const id = (x: string) =>
      x.replace(':item', world.fuzz.items[1]).replace(':document', world.fuzz.documents[0]);
    const link = id(fromForm(f.link));
    const after = f.unchanged ? JSON.stringify(await db.ds.query(f.unchanged)) : '';
    return [
      res.status === 400 || res.status === 422 ? '' : `answered ${res.status}`,
      links.includes(`#${link}`) ? '' : `summary links ${JSON.stringify(links)}, not #${link}`,
      shown(res.text, link) !== undefined ? '' : `no field with id ${link}`,
      before === after ? '' : `changed what ${f.unchanged} reads`,
      ...Object.entries(fromForm(f.kept)).map(([field, value]) =>
        shown(res.text, id(field)) === value
          ? ''
          : `${id(field)} shows ${JSON.stringify(shown(res.text, id(field)))}`,
      ),
    ].filter(Boolean);
  }
});
