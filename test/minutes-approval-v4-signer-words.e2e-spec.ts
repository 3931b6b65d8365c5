import { boardMinutes } from '../libs/testing/board-minutes.factory';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';
import { buildDirectoryWorld, type DirectoryWorld } from '../libs/testing/directory-world.factory';
import { minutesApprovalRoleWords } from '../libs/workflows/minutes-approval/minutes-approval.role-words';

/*
 * Minutes approval, version 4 (issue #12, review L6): once the meeting approves the minutes, the
 * signing role is bound to the person who presided (a `member` binding, docs/adr/0036), and every
 * reader of the role's holder says what the template calls them (template.roleWords): the case as
 * the case page and its reassign page read it, the signature request's email, and the page its
 * link opens. They said "Member of the body named on the case", which is not who signs. The Health
 * and Wellbeing Board's meeting of Wed 17 November 2021 approves the minutes of 20 October: its
 * chair, Cllr Alex Rowe, presides; or, the chair sending apologies, the vice-chair, Dr Sam Okafor.
 */

const CHAIR = 'Chair who presided at the meeting that approved the minutes, and signs them';
const VICE_CHAIR =
  'Vice-chair who presided in the chair’s place at the meeting that approved the minutes, and signs them';

describe('minutes approval, version 4: who signs, in the template’s words', () => {
  const h = directoryAppHarness();
  const { server, as, linkOf } = h;
  const db = () => h.db();
  const minutes = boardMinutes(h);

  // On version 4 by its number: a later version made current may word its roles otherwise.
  const approved = (w: DirectoryWorld, chair: 'present' | 'apologies') =>
    minutes.approvedOnTheLaterDay(w, {
      templateVersion: 4,
      attendance: { chair, gp: 'present', healthwatch: 'present', cabinet: 'present' },
    });

  /** The signature request's emails of the case: to whom, and as what they receive it. */
  const requests = (caseId: string) =>
    db().ds.query<{ role: string; name: string; actingAs: string }[]>(
      `SELECT payload->>'role' AS role, payload->'to'->>'name' AS name,
              payload->>'actingAs' AS "actingAs"
         FROM effects WHERE case_id = $1 AND kind = 'email'
          AND payload->>'message' LIKE 'signature-requested%' ORDER BY created_at`,
      [caseId],
    );

  it('are the template’s own', () => {
    expect(minutesApprovalRoleWords).toMatchObject({
      chair: { member: CHAIR },
      viceChair: { member: VICE_CHAIR },
    });
  });

  it('names the chair who presided as such on the case, in the request’s email and on its link’s page', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const caseId = await approved(w, 'present');
    const read = await server().get(`/api/cases/${caseId}`).set(as(w.keys.officer)).expect(200);
    expect(read.body.roles.chair).toMatchObject({
      person: { name: 'Cllr Alex Rowe' },
      actingAs: CHAIR,
    });
    expect(read.body.awaiting).toEqual([
      expect.objectContaining({ role: 'chair', actingAs: CHAIR }),
    ]);
    expect(await requests(caseId)).toEqual([
      { role: 'chair', name: 'Cllr Alex Rowe', actingAs: CHAIR },
    ]);
    const page = await server()
      .get(`/act/${await linkOf(caseId, w.ids.people.chair, 'open')}`)
      .expect(200);
    expect(page.text).toContain(CHAIR);
    expect(page.text).not.toContain('named on the case');
    // The case page: who it waits for, and the role's holder.
    const officer = await minutes.officerSignedIn(w, 'officer-password-1');
    const casePage = await officer.get(`/cases/${caseId}`).expect(200);
    expect(casePage.text).toContain(`Cllr Alex Rowe (${CHAIR})`);
    expect(casePage.text).not.toContain('named on the case');
  });

  it('names the vice-chair who presided in the chair’s place as such', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const caseId = await approved(w, 'apologies');
    const read = await server().get(`/api/cases/${caseId}`).set(as(w.keys.officer)).expect(200);
    expect(read.body.roles.viceChair).toMatchObject({
      person: { name: 'Dr Sam Okafor' },
      actingAs: VICE_CHAIR,
    });
    // The chair's role still follows the seat: the directory's words for it.
    expect(read.body.roles.chair.actingAs).toMatch(/^Chair of the .*Health and Wellbeing Board$/);
    expect(await requests(caseId)).toEqual([
      { role: 'viceChair', name: 'Dr Sam Okafor', actingAs: VICE_CHAIR },
    ]);
  });
});
