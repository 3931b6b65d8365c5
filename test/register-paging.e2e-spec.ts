import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Actor } from '../libs/core/actor.dto';
import { DirectoryRepository } from '../libs/directory/directory.repository';
import { engineHarness } from '../libs/testing/engine-harness.service';
import {
  buildOfficerDecisionWorld,
  openDescribedDecision,
  type OfficerDecisionWorld,
} from '../libs/testing/officer-decision-world.factory';
import { publishedCopies } from '../libs/testing/published-copies.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { tenantScope } from '../libs/core/tenant-scope';

/*
 * The public register a page at a time (issue #21): 50 decisions a page, 100 in the JSON, 1,000
 * in the CSV, each with links to the next and previous pages that keep the search; the links
 * carry a cursor on the list's sort key (keyset), and the older `?offset=` addresses still work.
 */
describe('the public register’s pages and their links', () => {
  let db: TestDatabase;
  let world: OfficerDecisionWorld;
  let app: INestApplication;
  let slug: string;
  let copies: string[];
  /** The copies' references, in the same order: the register's pages link by them. */
  let copyReferences: string[];
  const server = () => request(app.getHttpServer());
  const COPIES = 120;

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildOfficerDecisionWorld(db.ds);
    const h = engineHarness(db.ds, '2025-08-01T09:00:00Z');
    app = await buildTestApp(db.ds, h.clock);
    [{ slug }] = await db.ds.query('SELECT slug FROM tenants WHERE tenant_id = $1', [
      world.tenantId,
    ]);
    const person = await new DirectoryRepository().person(
      tenantScope(world.tenantId),
      db.ds.manager,
      world.ids.people.director,
    );
    const director: Actor = { kind: 'person', tenantId: world.tenantId, person: person! };
    const caseId = await openDescribedDecision(h, world, {
      title: 'Library hours',
      matter: 'Opening hours of the central library',
      decisionDue: '2025-08-01',
    });
    const decided = await h.send.send(
      caseId,
      {
        type: 'RECORD_DECISION',
        payload: { decision: 'Agree', decidedOn: '2025-08-01', reasons: 'Value for money' },
      },
      director,
      { expectedVersion: 2 },
    );
    await h.send.send(
      caseId,
      { type: 'RECORD_PUBLICATION', payload: { publishedOn: '2025-08-01' } },
      world.actors.officer,
      { expectedVersion: decided.version },
    );
    // The source (1 August 2025) first, then the copies newest first.
    copies = [caseId, ...(await publishedCopies(db.ds, caseId, COPIES))];
    const references = new Map(
      (
        (await db.ds.query('SELECT id, reference FROM cases WHERE id = ANY($1::uuid[])', [
          copies,
        ])) as { id: string; reference: string }[]
      ).map((r) => [r.id, r.reference]),
    );
    copyReferences = copies.map((id) => references.get(id)!);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  /** The cases a register page links to (by reference), in its order. */
  const listed = (html: string) =>
    [...html.matchAll(/href="\/register\/[^/"]+\/([A-Z][A-Z0-9]+-\d{4}-\d{4,})"/g)].map(
      (m) => m[1],
    );
  const link = (html: string, rel: 'prev' | 'next') =>
    html
      .match(
        new RegExp(`<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="${rel}"`),
      )?.[1]
      ?.replace(/&amp;/g, '&');

  it('shows 50 decisions a page with next and previous links by cursor, the last page without a next', async () => {
    const first = (await server().get(`/register/${slug}`).expect(200)).text;
    expect(first).toContain('Decisions 1 to 50');
    expect(listed(first)).toEqual(copyReferences.slice(0, 50));
    expect(link(first, 'prev')).toBeUndefined();
    expect(link(first, 'next')).toMatch(new RegExp(`^/register/${slug}\\?after=[\\w-]+$`));
    const second = (await server().get(link(first, 'next')!).expect(200)).text;
    expect(second).toContain('Decisions 51 to 100');
    expect(listed(second)).toEqual(copyReferences.slice(50, 100));
    expect(link(second, 'prev')).toBe(`/register/${slug}`);
    const last = (await server().get(link(second, 'next')!).expect(200)).text;
    expect(last).toContain('Decisions 101 to 121');
    expect(listed(last)).toEqual(copyReferences.slice(100));
    expect(link(last, 'next')).toBeUndefined();
    expect(link(last, 'prev')).toMatch(new RegExp(`^/register/${slug}\\?before=[\\w-]+$`));
    const back = (await server().get(link(last, 'prev')!).expect(200)).text;
    expect(back).toContain('Decisions 51 to 100');
    expect(listed(back)).toEqual(copyReferences.slice(50, 100));
    expect(link(back, 'prev')).toBe(`/register/${slug}`);
  });

  it('still serves the addresses made before paging by cursor (?offset=), their links by cursor', async () => {
    const old = (await server().get(`/register/${slug}?offset=50`).expect(200)).text;
    expect(old).toContain('Decisions 51 to 100');
    expect(listed(old)).toEqual(copyReferences.slice(50, 100));
    expect(listed((await server().get(link(old, 'next')!).expect(200)).text)).toEqual(
      copyReferences.slice(100),
    );
    // An address past the end lists none and says so, never "Decisions 1001 to 1000".
    const past = (await server().get(`/register/${slug}?offset=1000`).expect(200)).text;
    expect(past).toContain('0 decisions');
    expect(past).not.toMatch(/Decisions \d+ to \d+/);
  });

  it('refuses a page address the register did not make, saying to start again, as a page and as JSON', async () => {
    const page = await server().get(`/register/${slug}?after=not-a-cursor`).expect(422);
    expect(page.text).toContain('start again from its first page');
    expect(listed(page.text)).toEqual([]);
    const json = await server().get(`/register/${slug}/register.json?before=e30`).expect(422);
    expect(json.body).toMatchObject({ code: 'INVALID_INPUT' });
    expect(JSON.stringify(json.body.problems)).toContain('start again from its first page');
  });

  it('keeps the search in the page links', async () => {
    const words = (await server().get(`/register/${slug}?q=copy&kind=officer`).expect(200)).text;
    expect(words).toContain('Decisions 1 to 50');
    // What the words find is said beside the box: each word typed begins a word (ADR 0054).
    expect(words).toContain(
      'Finds decisions with a word beginning with each word you type, in any order',
    );
    const next = link(words, 'next')!;
    expect(next).toMatch(new RegExp(`^/register/${slug}\\?q=copy&kind=officer&after=[\\w-]+$`));
    const second = (await server().get(next).expect(200)).text;
    expect(listed(second)).toEqual(copyReferences.slice(51, 101)); // the source is not a copy
    expect(link(second, 'prev')).toBe(`/register/${slug}?q=copy&kind=officer`);
    const narrow = (await server().get(`/register/${slug}?q=copy 11`).expect(200)).text;
    expect(narrow).toContain('11 decisions'); // copy 11 and copies 110 to 119
    expect(link(narrow, 'next')).toBeUndefined();
  });

  it('gives 100 decisions a JSON page with the next page’s address, and the CSV its Link header', async () => {
    const json = await server().get(`/register/${slug}/register.json`).expect(200);
    const body = json.body as { decisions: { caseId: string }[]; next: string | null };
    expect(body.decisions.map((d) => d.caseId)).toEqual(copies.slice(0, 100));
    expect(body.next).toMatch(new RegExp(`^/register/${slug}/register\\.json\\?after=[\\w-]+$`));
    expect(json.headers.link).toBe(`<${body.next}>; rel="next"`);
    const rest = await server().get(body.next!).expect(200);
    const more = rest.body as { decisions: { caseId: string }[]; next: string | null };
    expect(more.decisions.map((d) => d.caseId)).toEqual(copies.slice(100));
    expect(more.next).toBeNull();
    expect(rest.headers.link).toBeUndefined();

    const csv = await server().get(`/register/${slug}/register.csv?offset=120`).expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(2); // the heading and the last decision
    expect(csv.headers.link).toBeUndefined();
    const csvFirst = await server().get(`/register/${slug}/register.csv?q=copy`).expect(200);
    expect(csvFirst.headers.link).toBeUndefined(); // 120 copies: one page of 1,000
  });
});
