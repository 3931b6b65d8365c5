import { ManualClock } from '../core/clock.service';
import { csrfOf, signedInAs, staffWorld, type StaffKey } from './staff-page-client.service';
import { testAppHarness } from './test-app.service';
import type { BcfWorld } from './world.factory';

/*
 * The directory's bodies pages (test/directory-bodies-pages, directory-seats-pages and
 * body-rules-history-pages): a database and app per spec file on Thu 3 Dec 2026, councils of their
 * own with an administrator, an officer and a governance lead who sign in; a Cabinet's rules typed
 * in plain English as the form takes them, GOV.UK date inputs as typed, and the error summary read
 * back as people see it.
 */

/** The error summary's links, as [text, href] pairs, with HTML entities read back. */
export function errorSummary(html: string): [string, string][] {
  const box = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...box.matchAll(/<a href="([^"]+)">([\s\S]*?)<\/a>/g)].map((m) => [
    decode(m[2].trim()),
    m[1],
  ]);
}
const ENTITIES: Record<string, string> = { '&#39;': "'", '&quot;': '"', '&amp;': '&' };
const decode = (s: string) => s.replace(/&#39;|&quot;|&amp;/g, (e) => ENTITIES[e]);

/** A GOV.UK date input's three fields as typed. */
export const dateInput = (name: string, [day, month, year]: string[]) => ({
  [`${name}-day`]: day,
  [`${name}-month`]: month,
  [`${name}-year`]: year,
});

/** The body's id in a page's address (/directory/bodies/<id>…). */
export const bodyIdFrom = (location: string) =>
  /\/directory\/bodies\/([0-9a-f-]{36})/.exec(location)![1];

/** A Cabinet typed in plain English: 3 present with an elected member, by majority. */
export const cabinetForm = (w: BcfWorld, extra: Record<string, string> = {}) => ({
  name: 'Cabinet',
  kind: 'cabinet',
  constituencyRows: '3',
  'c-0-name': 'The Executive',
  'c-0-organisation': w.ids.organisations.council,
  'c-0-groups': '',
  minimumRows: '3',
  quorumTotal: '3',
  quorumElected: '1',
  quorumSource: 'Executive procedure rules 4.2',
  decisionKind: 'majority',
  decisionSource: 'Executive procedure rules 6.1',
  reportClearDays: '5',
  keyDecisionNoticeClearDays: '28',
  privateNoticeClearDays: '28',
  noticesSource: '2012 Regulations',
  substitutesKind: 'named',
  substitutesSource: 'Executive procedure rules 2.3',
  delegationAllowed: 'yes',
  delegationSource: 'Constitution Part 3, Executive functions',
  ...extra,
});

/** Opens the spec file's database, app and `councils` staff worlds before its tests, closes them after. */
export function bodiesPagesHarness(councils = 1) {
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  const ready = testAppHarness({
    what: 'the app and councils',
    beforeApp: async (db) => {
      const worlds: BcfWorld[] = [];
      for (let i = 0; i < councils; i++) worlds.push(await staffWorld(db.ds, clock));
      return { worlds };
    },
    clock,
  });
  const db = () => ready().db;
  const app = () => ready().app;
  /** The first council, whose bodies the pages change. */
  const a = () => ready().worlds[0];
  /** The second council, when there is one: it must see none of the first's. */
  const b = () => ready().worlds[1];

  /** An agent signed in as one of the council's staff, and its forms' CSRF token. */
  async function as(w: BcfWorld, who: StaffKey) {
    const agent = await signedInAs(app(), w, who);
    return { agent, csrf: await csrfOf(agent, '/directory/bodies') };
  }

  /** How many bodies the council has. */
  const bodies = async (w: BcfWorld) =>
    Number(
      (
        await db().ds.query('SELECT count(*) AS n FROM bodies WHERE tenant_id = $1', [w.tenantId])
      )[0].n,
    );

  /** The Cabinet of cabinetForm added through the pages by the council's administrator: its id. */
  async function addedCabinet(w: BcfWorld): Promise<string> {
    const { agent, csrf } = await as(w, 'administrator');
    const made = await agent
      .post('/directory/bodies')
      .type('form')
      .send({ ...cabinetForm(w), _csrf: csrf })
      .expect(303);
    return bodyIdFrom(made.headers.location);
  }

  return { clock, db, app, a, b, as, bodies, addedCabinet };
}
