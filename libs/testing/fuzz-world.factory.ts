import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import request from 'supertest';
import type { TenantSpec } from '../directory/tenant-setup.service';
import { LinkTokens } from '../links/link-token.service';
import { type Clock, ManualClock } from '../core/clock.service';
import { StaffAuthService } from '../staff/staff-auth.service';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { listTemplates } from '../workflows/template.registry';
import { HttpCases } from './http-cases.service';
import { buildJcbWorld, JcbWorld } from './jcb-world.factory';

/** The Board meeting of the fuzz world (Thu 4 Sep 2025) and the one before it. */
export const FUZZ_MEETING = '2025-09-04';
const PREVIOUS_MEETING = '2025-08-07';

export const FUZZ_PASSWORDS = {
  officer: 'fuzz-officer-password-1',
  administrator: 'fuzz-admin-password-1',
  spare: 'fuzz-spare-password-1',
};

/** The real ids a fuzz picks from, next to random UUIDs and hostile strings. */
export interface FuzzIds {
  cases: string[];
  meetings: string[];
  items: string[];
  effects: string[];
  documents: string[];
  dispensations: string[];
  people: string[];
  bodies: string[];
  templates: { id: string; version: number }[];
  eventTypes: string[];
  /** Staff accounts an administrator's forms may change: never the fuzz's own sign-ins. */
  spareAccounts: string[];
  /** Open one-time links, with the token their email carried and their form's CSRF token. */
  links: { id: string; token: string; csrf: string }[];
  /** Ids of every kind in another council (its case, meeting, item, people, bodies, offices, delegations). */
  foreign: string[];
  /** Every real id above and the directory's, of both councils: for a field that takes some id. */
  anyId: string[];
}

export interface FuzzWorld extends JcbWorld {
  fuzz: FuzzIds;
  /** The API key of the other council's officer. */
  foreignOfficerKey: string;
  /** The current version of a case, read at the moment of asking (the fuzz moves cases on). */
  versionOf(caseId: string): Promise<number>;
}

/**
 * A JCB world with something behind every id a fuzz may name: cases of four templates (a BCF case
 * sent for agreement, so that it has emailed links and a document; a JCB decision on the agenda),
 * a meeting with its publication, attendance, two agenda items and a declaration, the meeting before
 * it (for minutes approval), a dispensation, and staff accounts: an officer, an administrator (the
 * GP), and a spare officer account (Healthwatch) for the administrator's forms to change.
 * Built through the HTTP API of `app`, so that the app's own link secret made the links; `tweak`
 * adds to the council's directory before it is made (the page crawl's officer delegation).
 */
export async function buildFuzzWorld(
  ds: DataSource,
  app: INestApplication,
  clock: Clock,
  opts: { tweak?: (s: TenantSpec) => void } = {},
): Promise<FuzzWorld> {
  const world = await buildJcbWorld(ds, opts);
  const keyOf = (who: string) => world.keys[who] ?? (world.jcbKeys as Record<string, string>)[who];
  const cases = new HttpCases(() => app, keyOf);
  const api = () => request(app.getHttpServer());
  const officer = { Authorization: `Bearer ${world.keys.officer}` };

  const bcf = await cases.open({
    // Version 1: the world's NHS partner is the seed's CCG, whom version 2 (the ICB's) refuses.
    template: 'bcf-delegated-sign-off',
    templateVersion: 1,
    title: 'Better Care Fund plan 2025/26',
    dates: {
      submissionDeadline: '2025-11-14',
      notingDeadline: '2025-12-16',
      expectedAssuranceDate: '2026-01-09',
    },
    roles: world.roles,
  });
  const doc = await api()
    .post(`/api/cases/${bcf.id}/documents`)
    .set(officer)
    .send({
      expectedVersion: bcf.version,
      name: 'BCF narrative plan 2025-26.pdf',
      mediaType: 'application/pdf',
      contentBase64: Buffer.from('%PDF-1.4 fuzz').toString('base64'),
    });
  expect({ status: doc.status, body: doc.body as unknown }).toMatchObject({ status: 201 });
  await cases.act(await cases.read(bcf.id), 'officer', 'SEEK_AGREEMENT');
  // A second case sent for agreement: more links, so that an answer the fuzz gets right leaves others open.
  const bcf2 = await cases.open({
    template: 'bcf-delegated-sign-off',
    templateVersion: 1,
    title: 'Better Care Fund plan 2025/26, refreshed',
    dates: {
      submissionDeadline: '2025-11-21',
      notingDeadline: '2025-12-18',
      expectedAssuranceDate: '2026-01-16',
    },
    roles: world.roles,
  });
  await cases.act(bcf2, 'officer', 'SEEK_AGREEMENT');
  const board = await cases.open({
    template: 'bcf-board-sign-off',
    // Version 1: the seed's CCG world, the HWBB's approval typed (version 2 takes the meeting's).
    templateVersion: 1,
    title: 'Better Care Fund plan, full board',
    dates: { nationalDeadline: '2025-09-30', expectedAssuranceDate: '2025-10-31' },
    roles: {
      chiefExecutive: world.roles.chiefExecutive,
      accountableOfficer: world.roles.accountableOfficer,
    },
  });
  const minutes = await cases.open({
    template: 'minutes-approval',
    // Version 1: its chair is an office (version 2's is the Board's seat, from its members).
    templateVersion: 1,
    title: 'HWBB minutes of 30 July 2025',
    dates: { meetingDate: '2025-07-30', nextMeetingDate: '2025-09-24' },
    roles: { chair: world.ids.offices.chair },
  });
  const jcb = await cases.open({
    template: 'jcb-delegated-decision',
    // Version 5: its meeting's notices take the agenda item's typed forward plan date.
    templateVersion: 5,
    title: 'Integrated carers support service contract',
    dates: { meetingDate: FUZZ_MEETING },
    roles: world.jcbRoles,
  });

  const schedule = async (meetingDate: string, title: string) => {
    const res = await api()
      .post('/api/meetings')
      .set(officer)
      .send({ body: world.ids.bodies.jcb, meetingDate, title })
      .expect(201);
    return (res.body as { id: string }).id;
  };
  const previous = await schedule(PREVIOUS_MEETING, 'JCB, 7 August 2025');
  const meeting = await schedule(FUZZ_MEETING, 'JCB, 4 September 2025');
  // The agenda is published on its day: no recorded date may be after today.
  if (clock instanceof ManualClock) clock.set('2025-08-22T10:00:00Z');
  await api()
    .post(`/api/meetings/${meeting}/publication`)
    .set(officer)
    .send({ agendaPublishedOn: '2025-08-22' })
    .expect(200);
  const members = ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2', 'ccg3'];
  await api()
    .put(`/api/meetings/${meeting}/attendance`)
    .set(officer)
    .send(members.map((k) => ({ personId: world.id(k), status: 'present' })))
    .expect(200);
  const addItem = async (body: object) => {
    const res = await api()
      .post(`/api/meetings/${meeting}/agenda-items`)
      .set(officer)
      .send(body)
      .expect(201);
    const agenda = (res.body as { agenda: { id: string }[] }).agenda;
    return agenda[agenda.length - 1].id;
  };
  const linked = await addItem({
    title: 'Integrated carers support service contract',
    caseId: jcb.id,
    keyDecision: true,
    forwardPlanPublishedOn: '2025-07-01',
    reportPublishedOn: '2025-08-20',
  });
  const plain = await addItem({ title: 'Performance report, Q1', keyDecision: false });
  await api()
    .post(`/api/meetings/${meeting}/agenda-items/${plain}/declarations`)
    .set(officer)
    .send({ personId: world.id('ccg3'), kind: 'other', details: 'Trustee of a carers charity' })
    .expect(201);
  const dispensation = await api()
    .post('/api/dispensations')
    .set(officer)
    .send({
      personId: world.id('ccg1'),
      grantor: 'Standards Committee',
      ground: 'otherwiseAppropriate',
      matters: ['carers'],
      relievesFrom: ['discussion'],
      grantedOn: '2025-08-01',
      endsOn: '2026-07-31',
    });
  expect({ status: dispensation.status, body: dispensation.body as unknown }).toMatchObject({
    status: 201,
  });

  for (const [key, role, password] of [
    ['officer', 'officer', FUZZ_PASSWORDS.officer],
    ['gp', 'administrator', FUZZ_PASSWORDS.administrator],
    ['healthwatch', 'officer', FUZZ_PASSWORDS.spare],
  ] as const)
    await StaffAuthService.createAccount(new StaffAccountsRepository(), ds, {
      tenantId: world.tenantId,
      personId: world.ids.people[key],
      role,
      password,
      at: clock.now(),
    });

  // Another council, with a case on the agenda of a meeting of its own.
  const other = await buildJcbWorld(ds);
  const otherAuth = { Authorization: `Bearer ${other.keys.officer}` };
  const otherCase = await new HttpCases(
    () => app,
    () => other.keys.officer,
  ).open({
    template: 'jcb-delegated-decision',
    templateVersion: 5,
    title: 'Another council’s carers contract',
    dates: { meetingDate: FUZZ_MEETING },
    roles: other.jcbRoles,
  });
  const otherMeeting = await api()
    .post('/api/meetings')
    .set(otherAuth)
    .send({ body: other.ids.bodies.jcb, meetingDate: FUZZ_MEETING, title: 'Their JCB' })
    .expect(201);
  const otherItem = await api()
    .post(`/api/meetings/${(otherMeeting.body as { id: string }).id}/agenda-items`)
    .set(otherAuth)
    .send({ title: 'Their item', caseId: otherCase.id, keyDecision: false })
    .expect(201);
  const directory = (ids: JcbWorld['ids']) => [
    ...Object.values(ids.people),
    ...Object.values(ids.bodies),
    ...Object.values(ids.offices),
    ...Object.values(ids.delegations),
    ...Object.values(ids.organisations),
  ];
  const foreign = [
    otherCase.id,
    (otherMeeting.body as { id: string }).id,
    ...(otherItem.body as { agenda: { id: string }[] }).agenda.map((i) => i.id),
    ...directory(other.ids),
  ];

  const column = async (sql: string, params: unknown[] = []) =>
    ((await ds.query(sql, params)) as { id: string }[]).map((r) => r.id);
  const tokens = app.get(LinkTokens);
  const caseIds = [bcf.id, bcf2.id, board.id, minutes.id, jcb.id];
  const fuzz = {
    cases: caseIds,
    meetings: [meeting, previous],
    items: [linked, plain],
    effects: await column(
      'SELECT id FROM effects WHERE case_id = ANY($1) ORDER BY array_position($1, case_id), kind, id',
      [caseIds],
    ),
    documents: await column('SELECT id FROM documents WHERE case_id = ANY($1) ORDER BY id', [
      caseIds,
    ]),
    dispensations: [(dispensation.body as { id: string }).id],
    people: Object.values(world.ids.people),
    bodies: Object.values(world.ids.bodies),
    templates: listTemplates().map((t) => ({ id: t.id, version: t.version })),
    eventTypes: [...new Set(listTemplates().flatMap((t) => Object.keys(t.events)))],
    spareAccounts: await column('SELECT id FROM staff_accounts WHERE person_id = $1', [
      world.ids.people.healthwatch,
    ]),
    links: (
      await column(
        "SELECT id FROM action_links WHERE case_id = ANY($1) AND status = 'open' ORDER BY array_position($1, case_id), role",
        [caseIds],
      )
    ).map((id) => ({ id, token: tokens.tokenFor(id), csrf: tokens.csrfFor(id) })),
    foreign,
  };
  return {
    ...world,
    foreignOfficerKey: other.keys.officer,
    versionOf: async (caseId) => {
      const [row]: { version: number }[] = await ds.query(
        'SELECT version FROM cases WHERE id = $1',
        [caseId],
      );
      return row?.version ?? 1;
    },
    fuzz: {
      ...fuzz,
      anyId: [
        ...new Set([
          ...fuzz.cases,
          ...fuzz.meetings,
          ...fuzz.items,
          ...fuzz.effects,
          ...fuzz.documents,
          ...fuzz.dispensations,
          ...fuzz.spareAccounts,
          ...directory(world.ids),
          ...foreign,
        ]),
      ],
    },
  };
}
