import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { scopeOf, tenantScope } from '../libs/core/tenant-scope';
import { BodyRulesRepository } from '../libs/directory/body-rules.repository';
import { BodyRepository } from '../libs/directory/body.repository';
import type { CaseView } from '../libs/engine/case-view.service';
import { storedPayloads } from '../libs/testing/case-event-payloads.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import {
  JCB_CASE_MEETING as MEETING,
  jcbCaseAtTheShowOfHands,
} from '../libs/testing/jcb-dispute-case.factory';
import { jcbHands, jcbMeetingFacts, type JcbWorld } from '../libs/testing/jcb-world.factory';
import { jcbOfficerAppHarness } from '../libs/testing/jcb-officer-app-harness.service';
import type { TestDatabase } from '../libs/testing/test-database.service';

/*
 * Version 10 of the JCB delegated decision through the API: the show of hands names the Board's
 * partners as the council's directory names them on the day (seed 002's Board: "Council
 * (Cabinet)" and "CCG Governing Body"), and records those names with the event, so the case's
 * certificate says them, and still says them after the directory renames a partner. Meeting Thu 4
 * Sep 2025, every member present.
 */
type Problem = { code: string; rule?: string; explanation?: string[] };
type HandsRecorded = { explanation: string[]; partnerNames: Record<string, string> };

describe('JCB delegated decision, version 10: the partners named in the show of hands as the directory named them that day', () => {
  const { clock, ready, signedInOfficer } = jcbOfficerAppHarness();
  let world: JcbWorld;
  let app: INestApplication;
  let db: TestDatabase;
  beforeAll(() => ({ world, app, db } = ready()));
  const cases = new HttpCases(
    () => app,
    () => world.keys.officer,
  );

  const meeting = () => jcbMeetingFacts(world, MEETING);

  /** A case of `templateVersion`, its matter, notices and attendance recorded: at the show of hands. */
  const atTheShowOfHands = (title: string, templateVersion = 10): Promise<CaseView> =>
    jcbCaseAtTheShowOfHands(app, world, clock, title, { templateVersion });
  const showOfHands = async (c: CaseView) =>
    cases.act(c, 'officer', 'RECORD_SHOW_OF_HANDS', { meeting: meeting(), hands: jcbHands(world) });

  const storedHands = (caseId: string) =>
    storedPayloads<HandsRecorded>(db.ds, caseId, 'RECORD_SHOW_OF_HANDS');

  async function certificate(caseId: string): Promise<string> {
    const officer = await signedInOfficer();
    return (await officer.get(`/cases/${caseId}/certificate`).expect(200)).text;
  }

  /** The council renames the CCG's constituency from the meeting's day. */
  async function renameCcg(name: string) {
    const repo = new BodyRepository();
    const body = (await repo.find(
      tenantScope(world.tenantId),
      db.ds.manager,
      world.ids.bodies.jcb,
    ))!;
    const rules = body.rules!;
    await new BodyRulesRepository().record(scopeOf(world), db.ds.manager, body.id, {
      inForceFrom: MEETING,
      rules: {
        ...rules,
        constituencies: rules.constituencies.map((c) => (c.key === 'ccg' ? { ...c, name } : c)),
      },
      reason: null,
      at: new Date(),
      by: { kind: 'system', tool: 'test' },
    });
    const changed = await repo.update(tenantScope(world.tenantId), db.ds.manager, body);
    expect(changed?.rules?.constituencies.find((c) => c.key === 'ccg')?.name).toBe(name);
  }

  let recorded: CaseView;

  it('records the partners’ names the directory holds with the show of hands and says them, not the keys', async () => {
    const c = await showOfHands(
      await atTheShowOfHands('Integrated carers support service contract'),
    );
    expect(c.state.key).toBe('draftingDecision');
    const [stored] = await storedHands(c.id);
    expect(stored.partnerNames).toEqual({
      council: 'Council (Cabinet)',
      ccg: 'CCG Governing Body',
    });
    expect(stored.explanation).toEqual(
      expect.arrayContaining([
        'Dr Dev Shah (CCG Governing Body): for',
        'Council (Cabinet): 3 of 3 for: assents',
        'CCG Governing Body: 3 of 3 for: assents',
      ]),
    );
    expect(stored.explanation.join('\n')).not.toMatch(/\(ccg\)|\(council\)|^(ccg|council):/m);
    const page = await certificate(c.id);
    expect(page).toContain('CCG Governing Body: 3 of 3 for: assents');
    expect(page).not.toContain('ccg: 3 of 3');
    recorded = c;
  });

  it('refuses names sent that are not the directory’s, saying both, and records nothing', async () => {
    const c = await atTheShowOfHands('Home care framework');
    const res = await request(app.getHttpServer())
      .post(`/api/cases/${c.id}/events`)
      .set({ Authorization: `Bearer ${world.keys.officer}` })
      .send({
        type: 'RECORD_SHOW_OF_HANDS',
        expectedVersion: c.version,
        payload: { meeting: meeting(), hands: jcbHands(world), partnerNames: { ccg: 'The CCG' } },
      });
    expect(res.status).toBe(422);
    expect(res.body as Problem).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'PARTNER_NAME_NOT_AS_IN_DIRECTORY',
      explanation: [
        'the show of hands was sent naming a partner “The CCG”, where the council’s directory names it CCG Governing Body',
        'send no names with the show of hands to record the directory’s, or change the partner’s name in the directory first',
      ],
    });
    const now = await cases.read(c.id);
    expect([now.version, now.state.key]).toEqual([c.version, c.state.key]);
  });

  it('keeps the names recorded when the directory renames a partner later, while a new show of hands says the new name', async () => {
    await renameCcg('NHS Southampton City CCG');
    const [stored] = await storedHands(recorded.id);
    expect(stored.partnerNames.ccg).toBe('CCG Governing Body');
    const page = await certificate(recorded.id);
    expect(page).toContain('CCG Governing Body: 3 of 3 for: assents');
    expect(page).not.toContain('NHS Southampton City CCG: 3 of 3');

    const later = await showOfHands(await atTheShowOfHands('Falls prevention service'));
    const [now] = await storedHands(later.id);
    expect(now.explanation).toContain('NHS Southampton City CCG: 3 of 3 for: assents');
  });

  it('shows why: version 9 records the partners’ keys for the same show of hands', async () => {
    const c = await showOfHands(await atTheShowOfHands('Community equipment service', 9));
    const [stored] = await storedHands(c.id);
    expect(stored.explanation).toContain('ccg: 3 of 3 for: assents');
    expect(stored.partnerNames).toBeUndefined();
  });
});
