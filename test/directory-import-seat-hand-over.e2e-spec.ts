import {
  boardMinutes,
  CHAIR_HANDED_TO_MORGAN_HALE,
  LATER,
} from '../libs/testing/board-minutes.factory';
import { csv } from '../libs/testing/directory-import-files.factory';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';
import { buildDirectoryWorld, type DirectoryWorld } from '../libs/testing/directory-world.factory';

/*
 * A new chair imported from a CSV file hands the seat's open requests over at once, as the pages
 * and the API do (issue #14: the import's memberships go through AddMembershipUseCase and
 * ChangeMembershipUseCase). The Health and Wellbeing Board's meeting of Wed 17 November 2021
 * approves the minutes of 20 October (minutes approval version 3) with its chair, Cllr Alex Rowe,
 * present and asked to sign; on Thursday 18 November the administrator imports memberships.csv
 * ending Cllr Rowe's term the day before and seating Morgan Hale as chair from that day. The
 * import's check writes nothing; the import voids the old link, asks the new chair and says so in
 * the case's record.
 */

describe('the directory’s CSV import: a new chair from today takes over the seat’s open requests', () => {
  const h = directoryAppHarness();
  const { clock, server, as } = h;
  const db = () => h.db();

  const minutes = boardMinutes(h);
  /** A version 3 case: the minutes of 20 October, approved on 17 November, awaiting the chair's signature. */
  const awaitingTheChair = (w: DirectoryWorld) =>
    minutes.approvedOnTheLaterDay(w, { templateVersion: 3 });

  /** memberships.csv: Cllr Rowe's chair ending on 17 November, Morgan Hale chair from the 18th. */
  async function newChairFile(w: DirectoryWorld): Promise<string> {
    const [seat] = await db().ds.query<
      { body: string; email: string; constituency: string; from: string }[]
    >(
      `SELECT b.name AS body, p.email, ms.constituency, to_char(ms.valid_from, 'YYYY-MM-DD') AS from
         FROM memberships ms JOIN bodies b ON b.id = ms.body_id JOIN people p ON p.id = ms.person_id
        WHERE ms.tenant_id = $1 AND ms.body_id = $2 AND ms.role = 'chair'`,
      [w.tenantId, w.ids.bodies.hwbb],
    );
    const [morgan] = await db().ds.query<{ email: string }[]>(
      'SELECT email FROM people WHERE id = $1',
      [w.ids.people.ceo],
    );
    return csv([
      ['body', 'person_email', 'constituency', 'role', 'voting', 'valid_from', 'valid_until'],
      [seat.body, seat.email, seat.constituency, 'chair', '', seat.from, LATER],
      [seat.body, morgan.email, 'council', 'chair', '', '2021-11-18', ''],
    ]);
  }

  const { auditOf, chairLinks: links } = minutes;

  const emailsOf = async (caseId: string) =>
    (
      await db().ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM effects WHERE case_id = $1 AND kind = 'email'`,
        [caseId],
      )
    )[0].n;

  it('checks the file without touching the case, then imports it: the old link voided, the new chair asked, on the record', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const caseId = await awaitingTheChair(w);
    const asked = [{ name: 'Cllr Alex Rowe', status: 'open', reason: null }];
    expect(await links(caseId)).toEqual(asked);
    const emails = await emailsOf(caseId);

    clock.set('2021-11-18T10:00:00Z');
    const memberships = await newChairFile(w);
    const checked = await server()
      .post('/api/directory/import/preview')
      .set(as(w.adminKey))
      .send({ memberships })
      .expect(200);
    expect(checked.body).toMatchObject({ imported: false, added: 1, changed: 1, problems: [] });
    expect(await links(caseId)).toEqual(asked);
    expect(await emailsOf(caseId)).toBe(emails);
    expect((await auditOf(w, caseId)).map((r) => r.event.type)).toEqual([
      'CASE_OPENED',
      'RECORD_APPROVAL',
    ]);

    const imported = await server()
      .post('/api/directory/import')
      .set(as(w.adminKey))
      .send({ memberships })
      .expect(200);
    expect(imported.body).toMatchObject({ imported: true, added: 1, changed: 1, problems: [] });
    expect(await links(caseId)).toEqual([
      { name: 'Cllr Alex Rowe', status: 'voided', reason: 'the seat changed holder' },
      { name: 'Morgan Hale', status: 'open', reason: null },
    ]);
    expect(await emailsOf(caseId)).toBe(emails + 1);
    const records = await auditOf(w, caseId);
    expect(records.map((r) => r.event.type)).toEqual([
      'CASE_OPENED',
      'RECORD_APPROVAL',
      'ROLE_HOLDER_CHANGED',
    ]);
    expect(records[2].event).toMatchObject(CHAIR_HANDED_TO_MORGAN_HALE);
  });
});
