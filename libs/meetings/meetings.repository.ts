import type { NoticeRoutes } from './meetings.use-case';
import { ruleSettings } from '../governance/council-settings.service';
import { EntityManager } from 'typeorm';
import type { BodyKind } from '../directory/body.entity';
import { bodySeatsOn, BodyRepository } from '../directory/body.repository';
import {
  consensusBlocs,
  quorumRuleOf,
  type BodyRules,
  type DecisionRule,
  type NoticeRules,
} from '../governance/body-rules.schema';
import type { Hand } from '../governance/consensus.service';
import type { InterestKind } from '../governance/interests.service';
import type { AttendanceEntry, BodyMember, QuorumRule } from '../governance/quorum.service';
import type { AttendanceStatus } from './meeting-attendance.entity';
import type { ItemOutcomeKind } from './item-outcome.entity';

/**
 * A body's stored rules as its meetings apply them (libs/governance/body-rules.schema.ts): the
 * quorum in the body's name, the decision rule with the blocs that must each assent under
 * consensus (council and CCG for the JCB, ToR 8.1-8.3; none for the HWBB, whose consensus is every
 * eligible member present for), and the body's notice periods.
 */
export interface MeetingRules {
  quorum: QuorumRule;
  decision: DecisionRule;
  partners: string[];
  notices: NoticeRules;
}

export function meetingRulesOf(bodyName: string, rules: BodyRules): MeetingRules {
  return {
    quorum: quorumRuleOf(bodyName, rules),
    decision: rules.decision,
    partners: consensusBlocs(rules),
    notices: rules.notices,
  };
}

export interface MeetingRow {
  id: string;
  bodyId: string;
  bodyName: string;
  bodyKind: BodyKind;
  meetingDate: string;
  title: string;
  agendaPublishedOn: string | null;
}

export interface AgendaItemRow {
  id: string;
  position: number;
  title: string;
  caseId: string | null;
  keyDecision: boolean;
  forwardPlanPublishedOn: string | null;
  part2Reasons: string | null;
  noticeRoutes: NoticeRoutes;
  privateNoticePublishedOn: string | null;
  reportPublishedOn: string | null;
}

export interface AttendanceRow extends AttendanceEntry {
  status: AttendanceStatus;
}

export interface DeclarationRow {
  id: string;
  itemId: string;
  personId: string;
  name: string;
  kind: InterestKind;
  details: string;
  dispensation: Record<string, unknown> | null;
  declaredAt: string;
}

export interface VoteRow {
  itemId: string;
  personId: string;
  name: string;
  hand: Hand;
}

export interface OutcomeRow {
  itemId: string;
  outcome: ItemOutcomeKind;
  tally: Record<string, number>;
  explanation: string[];
  quorumExplanation: string[];
  recordedAt: string;
}

export interface MinutesApprovalRow {
  previousMeetingId: string;
  previousMeetingDate: string;
  amendments: string[];
  quorumExplanation: string[];
  recordedAt: string;
}

/** A seat as a meeting shows it: under a substitution scheme, with the substitutes it names. */
export type SeatHolder = BodyMember & { namedSubstitutes?: { personId: string; name: string }[] };

/** Everything a meeting's rules decide on, read in one place. */
export interface MeetingRecord {
  meeting: MeetingRow;
  members: SeatHolder[];
  items: AgendaItemRow[];
  attendance: AttendanceRow[];
  declarations: DeclarationRow[];
  votes: VoteRow[];
  outcomes: OutcomeRow[];
  minutesApprovals: MinutesApprovalRow[];
  /** The council's calendar and interest settings, as the rules take them. */
  settings: ReturnType<typeof ruleSettings>;
}

const MEETING_COLUMNS = `m.id, m.body_id AS "bodyId", b.name AS "bodyName", b.kind AS "bodyKind",
  m.meeting_date::text AS "meetingDate", m.title, m.agenda_published_on::text AS "agendaPublishedOn"`;

/** Reads meetings and their records; every query is scoped to the tenant. */
export class MeetingsRepository {
  private readonly bodies = new BodyRepository();

  /** The meeting, locked FOR UPDATE when `lock` (writes to one meeting are serialised). */
  async meeting(
    m: EntityManager,
    tenantId: string,
    meetingId: string,
    lock = false,
  ): Promise<MeetingRow | null> {
    const rows: MeetingRow[] = await m.query(
      `SELECT ${MEETING_COLUMNS} FROM meetings m
         JOIN bodies b ON b.id = m.body_id AND b.tenant_id = m.tenant_id
        WHERE m.tenant_id = $1 AND m.id = $2${lock ? ' FOR UPDATE OF m' : ''}`,
      [tenantId, meetingId],
    );
    return rows[0] ?? null;
  }

  /** When the meeting was scheduled in Ratify (null: no such meeting). */
  async scheduledAt(m: EntityManager, tenantId: string, meetingId: string): Promise<Date | null> {
    const rows: { at: Date | string }[] = await m.query(
      'SELECT created_at AS at FROM meetings WHERE tenant_id = $1 AND id = $2',
      [tenantId, meetingId],
    );
    return rows[0] ? new Date(rows[0].at) : null;
  }

  /** A page of meetings, newest first (id breaks ties, so that pages neither skip nor repeat). */
  async list(
    m: EntityManager,
    tenantId: string,
    page: { bodyId?: string; limit: number; offset: number },
  ): Promise<MeetingRow[]> {
    return m.query(
      `SELECT ${MEETING_COLUMNS} FROM meetings m
         JOIN bodies b ON b.id = m.body_id AND b.tenant_id = m.tenant_id
        WHERE m.tenant_id = $1 AND ($2::uuid IS NULL OR m.body_id = $2)
        ORDER BY m.meeting_date DESC, m.created_at DESC, m.id LIMIT $3 OFFSET $4`,
      [tenantId, page.bodyId ?? null, page.limit, page.offset],
    );
  }

  async caseExists(m: EntityManager, tenantId: string, caseId: string): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM cases WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      caseId,
    ]);
    return rows.length > 0;
  }

  /** The body's seats on the meeting date, with the categories its quorum rule counts. */
  async members(m: EntityManager, tenantId: string, meeting: MeetingRow): Promise<SeatHolder[]> {
    const dir = await this.bodies.onDate(
      m,
      tenantId,
      { bodyId: meeting.bodyId },
      meeting.meetingDate,
      [],
    );
    // The seats alone for the quorum (substitutes were checked when recorded, and a scheme changed
    // since does not undo a past attendance); the scheme's names only for the forms to offer.
    if (!dir) return [];
    const seats = bodySeatsOn(dir).seats;
    return dir.seats.map((d, i) => ({
      personId: seats[i].personId,
      name: seats[i].name,
      categories: seats[i].categories,
      partner: seats[i].partner,
      ...(seats[i].voting === false ? { voting: false } : {}),
      ...(seats[i].scheme
        ? {
            namedSubstitutes: dir.named
              .filter((n) => n.membershipId === d.membershipId)
              .map((n) => ({ personId: n.personId, name: n.name })),
          }
        : {}),
    }));
  }

  async record(m: EntityManager, tenantId: string, meeting: MeetingRow): Promise<MeetingRecord> {
    const p = [tenantId, meeting.id];
    const [members, items, attendance, declarations, votes, outcomes, minutesApprovals] =
      await inOrder([
        () => this.members(m, tenantId, meeting),
        () =>
          m.query(
            `SELECT id, position, title, case_id AS "caseId", key_decision AS "keyDecision",
                  forward_plan_published_on::text AS "forwardPlanPublishedOn",
                  part2_reasons AS "part2Reasons",
                  private_notice_published_on::text AS "privateNoticePublishedOn",
                  report_published_on::text AS "reportPublishedOn", notice_routes AS "noticeRoutes"
             FROM agenda_items WHERE tenant_id = $1 AND meeting_id = $2 ORDER BY position`,
            p,
          ) as Promise<AgendaItemRow[]>,
        () =>
          m.query(
            `SELECT a.person_id AS "personId", p.name, a.status,
                  a.substitute_for AS "substituteFor"
             FROM meeting_attendance a
             JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id
            WHERE a.tenant_id = $1 AND a.meeting_id = $2 ORDER BY p.name`,
            p,
          ) as Promise<(AttendanceRow & { substituteFor: string | null })[]>,
        () =>
          m.query(
            `SELECT d.id, d.item_id AS "itemId", d.person_id AS "personId", p.name, d.kind,
                  d.details, d.dispensation, d.declared_at AS "declaredAt"
             FROM interest_declarations d
             JOIN people p ON p.id = d.person_id AND p.tenant_id = d.tenant_id
            WHERE d.tenant_id = $1 AND d.meeting_id = $2 ORDER BY d.declared_at, d.id`,
            p,
          ) as Promise<DeclarationRow[]>,
        () =>
          m.query(
            `SELECT v.item_id AS "itemId", v.person_id AS "personId", p.name, v.hand
             FROM votes v JOIN people p ON p.id = v.person_id AND p.tenant_id = v.tenant_id
            WHERE v.tenant_id = $1 AND v.meeting_id = $2 ORDER BY p.name`,
            p,
          ) as Promise<VoteRow[]>,
        () =>
          m.query(
            `SELECT item_id AS "itemId", outcome, tally, explanation,
                  quorum_explanation AS "quorumExplanation", recorded_at AS "recordedAt"
             FROM item_outcomes WHERE tenant_id = $1 AND meeting_id = $2`,
            p,
          ) as Promise<OutcomeRow[]>,
        () =>
          m.query(
            `SELECT a.previous_meeting_id AS "previousMeetingId",
                  pm.meeting_date::text AS "previousMeetingDate", a.amendments,
                  a.quorum_explanation AS "quorumExplanation", a.recorded_at AS "recordedAt"
             FROM minutes_approvals a
             JOIN meetings pm ON pm.id = a.previous_meeting_id AND pm.tenant_id = a.tenant_id
            WHERE a.tenant_id = $1 AND a.meeting_id = $2`,
            p,
          ) as Promise<MinutesApprovalRow[]>,
      ] as const);
    const [tenant]: { settings: unknown }[] = await m.query(
      'SELECT settings FROM tenants WHERE tenant_id = $1',
      [tenantId],
    );
    return {
      settings: ruleSettings(tenant?.settings),
      meeting,
      members,
      items,
      attendance: attendance.map((a) => ({
        personId: a.personId,
        name: a.name,
        status: a.status,
        ...(a.substituteFor ? { substituteFor: a.substituteFor } : {}),
      })),
      declarations,
      votes,
      outcomes,
      minutesApprovals,
    };
  }
}

/** Runs queries one after another: a transaction's connection takes one query at a time. */
async function inOrder<T extends readonly (() => Promise<unknown>)[]>(
  fns: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const out: unknown[] = [];
  for (const f of fns) out.push(await f());
  return out as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}
