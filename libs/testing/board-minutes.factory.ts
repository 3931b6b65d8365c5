import request from 'supertest';
import type { TenantSpec } from '../directory/tenant-setup.service';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { StaffAuthService } from '../staff/staff-auth.service';
import { postSignIn } from './sign-in.service';
import type { directoryAppHarness } from './directory-app-harness.service';
import type { DirectoryWorld } from './directory-world.factory';

/** The Board's meeting whose minutes are approved, and the meeting that approves them (2021). */
export const EARLIER = '2021-10-20';
export const LATER = '2021-11-17';

/** Who of the Board attended a meeting, by the world's people keys. */
export type Attendance = Record<string, 'present' | 'apologies'>;

/**
 * A world's tweak: a Board of six, the council's chief executive (`ceo`) and the CCG's accountable
 * officer (`ao`) its members from May 2021 beside the chair, the vice-chair (`gp`), Healthwatch and
 * the Cabinet member; so the Board is quorate with neither its chair nor its vice-chair present.
 */
export function withBoardOfSix(spec: TenantSpec): void {
  spec.memberships.push(
    ...(['ceo', 'ao'] as const).map((person) => ({
      body: 'hwbb',
      person,
      role: 'member' as const,
      organisation: person === 'ceo' ? 'council' : 'ccg',
      validFrom: '2021-05-01',
    })),
  );
}

/** The Board of six at a meeting its chair and vice-chair (`gp`) send apologies to, the others present. */
export const NEITHER_CHAIR_PRESENT: Attendance = {
  chair: 'apologies',
  gp: 'apologies',
  healthwatch: 'present',
  cabinet: 'present',
  ceo: 'present',
  ao: 'present',
};

/** A minutes case as the officer reads it through the API: the fields the minutes specs check. */
export interface MinutesCaseRead {
  version: number;
  template: { version: number };
  state: { summary: string; key: string; closed: boolean };
  status: string;
  context: Record<string, unknown>;
}

/** A record of a case's audit trail as the officer reads it through the API. */
export interface AuditRecordRead {
  event: { type: string; payload?: Record<string, unknown> } & Record<string, unknown>;
  actor: { name?: string };
  authority: Record<string, unknown>;
}

/** The record of the chair's seat handed to Morgan Hale on 18 November with its signature request. */
export const CHAIR_HANDED_TO_MORGAN_HALE = {
  seat: { seat: 'chair', title: 'Chair of the Southampton Health and Wellbeing Board' },
  to: { name: 'Morgan Hale' },
  on: '2021-11-18',
  roles: ['chair'],
  requests: [{ role: 'chair', message: 'signature-requested' }],
};

/*
 * The Health and Wellbeing Board's minutes through the meetings API, as the minutes specs set them
 * up (test/minutes-*.e2e-spec.ts, directory-import-seat-hand-over): a meeting scheduled, a case
 * that is a meeting's minutes, the attendance and the approval recorded at the later meeting, and
 * the minutes of 20 October opened as a case and approved at the meeting of 17 November.
 */
export function boardMinutes(h: ReturnType<typeof directoryAppHarness>) {
  const { clock, server, as } = h;

  /** A meeting of the Board (or of `body`) on `meetingDate`; its id. */
  async function meeting(w: DirectoryWorld, meetingDate: string, body?: string): Promise<string> {
    const made = await server()
      .post('/api/meetings')
      .set(as(w.keys.officer))
      .send({
        body: body ?? w.ids.bodies.hwbb,
        meetingDate,
        title: `Board meeting, ${meetingDate}`,
      })
      .expect(201);
    return made.body.id as string;
  }

  /**
   * A case that is the minutes of the Board's meeting on `meetingDate` (20 October by default), to
   * be approved on 17 November, on `templateVersion` (else the current version); its id.
   */
  async function minutesCase(
    w: DirectoryWorld,
    opts: { meetingDate?: string; title?: string; templateVersion?: number } = {},
  ): Promise<string> {
    const meetingDate = opts.meetingDate ?? EARLIER;
    const opened = await server()
      .post('/api/cases')
      .set(as(w.keys.officer))
      .send({
        template: 'minutes-approval',
        ...(opts.templateVersion ? { templateVersion: opts.templateVersion } : {}),
        title: opts.title ?? 'HWBB minutes of 20 October 2021',
        dates: { meetingDate, nextMeetingDate: LATER },
        roles: { chair: w.ids.bodies.hwbb },
      })
      .expect(201);
    return opened.body.id as string;
  }

  /** The meeting's attendance recorded, in the order `attendance` names the people. */
  async function attend(w: DirectoryWorld, meetingId: string, attendance: Attendance) {
    await server()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(as(w.keys.officer))
      .send(
        Object.entries(attendance).map(([k, status]) => ({ personId: w.ids.people[k], status })),
      )
      .expect(200);
  }

  /** The meeting `at` approves the minutes of `previousMeetingId` (the response, unchecked). */
  const approve = (
    w: DirectoryWorld,
    at: string,
    previousMeetingId: string,
    amendments: string[] = [],
  ) =>
    server()
      .post(`/api/meetings/${at}/minutes-approval`)
      .set(as(w.keys.officer))
      .send({ previousMeetingId, amendments });

  /**
   * The minutes of 20 October as a case (on `templateVersion`, else the current version), approved
   * at the meeting of 17 November with `attendance` recorded (by default the chair, the GP,
   * Healthwatch and the Cabinet member present); the case's id and both meetings'.
   */
  async function approvedWithMeetings(
    w: DirectoryWorld,
    opts: { templateVersion?: number; attendance?: Attendance } = {},
  ): Promise<{ caseId: string; earlier: string; later: string }> {
    const attendance = opts.attendance ?? {
      chair: 'present',
      gp: 'present',
      healthwatch: 'present',
      cabinet: 'present',
    };
    clock.set('2021-11-01T10:00:00Z');
    const earlier = await meeting(w, EARLIER);
    const later = await meeting(w, LATER);
    const caseId = await minutesCase(w, { templateVersion: opts.templateVersion });
    clock.set(`${LATER}T19:00:00Z`);
    await attend(w, later, attendance);
    await approve(w, later, earlier).expect(201);
    return { caseId, earlier, later };
  }

  /** As approvedWithMeetings: the case's id. */
  const approvedOnTheLaterDay = async (
    w: DirectoryWorld,
    opts: { templateVersion?: number; attendance?: Attendance } = {},
  ): Promise<string> => (await approvedWithMeetings(w, opts)).caseId;

  /** Ends Cllr Alex Rowe's term as chair on `lastDay` and seats Morgan Hale as chair from `firstDay`. */
  async function newChair(w: DirectoryWorld, lastDay: string, firstDay: string) {
    const [seat] = await h
      .db()
      .ds.query<{ id: string; version: number }[]>(
        `SELECT id, version FROM memberships WHERE tenant_id = $1 AND body_id = $2 AND role = 'chair'`,
        [w.tenantId, w.ids.bodies.hwbb],
      );
    await server()
      .post(`/api/directory/memberships/${seat.id}/end`)
      .set(as(w.adminKey))
      .send({ expectedVersion: seat.version, on: lastDay })
      .expect(200);
    await server()
      .post(`/api/directory/bodies/${w.ids.bodies.hwbb}/memberships`)
      .set(as(w.adminKey))
      .send({
        personId: w.ids.people.ceo,
        role: 'chair',
        constituency: 'council',
        validFrom: firstDay,
      })
      .expect(201);
  }

  /** The case's links for the chair's seat, oldest first: who was asked, and what became of it. */
  const chairLinks = (caseId: string) =>
    h.db().ds.query<{ name: string; status: string; reason: string | null }[]>(
      `SELECT p.name, l.status, l.outcome->>'reason' AS reason FROM action_links l
           JOIN people p ON p.id = l.person_id WHERE l.case_id = $1 AND l.role = 'chair'
          ORDER BY l.created_at, p.name`,
      [caseId],
    );

  /** The case as the council's officer reads it. */
  const caseOf = async (w: DirectoryWorld, caseId: string): Promise<MinutesCaseRead> =>
    (await server().get(`/api/cases/${caseId}`).set(as(w.keys.officer)).expect(200)).body;

  /** The case's audit trail as the council's officer reads it, oldest first. */
  const auditOf = async (w: DirectoryWorld, caseId: string): Promise<AuditRecordRead[]> =>
    (await server().get(`/api/cases/${caseId}/audit`).set(as(w.keys.officer)).expect(200)).body
      .records;

  /** The council's officer given a staff account with `password`, signed in: the agent. */
  async function officerSignedIn(w: DirectoryWorld, password: string): Promise<request.Agent> {
    await StaffAuthService.createAccount(new StaffAccountsRepository(), h.db().ds, {
      tenantId: w.tenantId,
      personId: w.ids.people.officer,
      role: 'officer',
      password,
      at: clock.now(),
    });
    const agent = request.agent(h.app().getHttpServer());
    await postSignIn(agent, { email: w.emailOf('officer'), password });
    return agent;
  }

  return {
    meeting,
    minutesCase,
    attend,
    approve,
    approvedWithMeetings,
    approvedOnTheLaterDay,
    caseOf,
    auditOf,
    newChair,
    chairLinks,
    officerSignedIn,
  };
}
