import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TenantScope } from '../core/tenant-scope';
import { bodySeatsOn, BodyRepository } from '../directory/body.repository';
import {
  consensusBlocs,
  quorumRuleOf,
  type BodyRules,
  type DecisionRule,
  type NoticeRules,
} from '../governance/body-rules.schema';
import type { CouncilCalendar } from '../governance/clear-days.service';
import { ruleSettings } from '../governance/council-settings.service';
import { itemNoticeDeadlines } from '../governance/notice-deadlines.service';
import type { BodyMember, QuorumRule } from '../governance/quorum.service';
import { AgendaItemsRepository, type AgendaItemRow } from './agenda-items.repository';
import {
  InterestDeclarationsRepository,
  type DeclarationRow,
} from './interest-declarations.repository';
import { LinkedCasePlanDays } from './linked-case-plan-days.service';
import { ItemOutcomesRepository, type OutcomeRow, type VoteRow } from './item-outcomes.repository';
import { MeetingAttendanceRepository, type AttendanceRow } from './meeting-attendance.repository';
import { MeetingsRepository, type MeetingRow } from './meetings.repository';
import {
  MinutesApprovalsRepository,
  type MinutesApprovalRow,
} from './minutes-approvals.repository';

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
  /** Each constituency's name by its key, for the show of hands' lines (never the key). */
  partnerNames: Record<string, string>;
  notices: NoticeRules;
}

export function meetingRulesOf(bodyName: string, rules: BodyRules): MeetingRules {
  return {
    quorum: quorumRuleOf(bodyName, rules),
    decision: rules.decision,
    partners: consensusBlocs(rules),
    partnerNames: Object.fromEntries(rules.constituencies.map((c) => [c.key, c.name])),
    notices: rules.notices,
  };
}

/**
 * By when a meeting's agenda is published: like each report, its clear days before the meeting
 * (2012 Regulations reg 7, or the body's own longer period), counted on the council's calendar.
 */
export function publishAgendaBy(meetingOn: string, calendar: CouncilCalendar, rules: MeetingRules) {
  return itemNoticeDeadlines(
    { meetingOn, keyDecision: false, privateItem: false },
    calendar,
    rules.notices,
  ).report;
}

/** A seat as a meeting shows it: under a substitution scheme, with the substitutes it names. */
export type SeatHolder = BodyMember & {
  namedSubstitutes?: { personId: string; name: string }[];
  /** The side the seat sits for in people's words: its constituency's name, else its organisation's. */
  partnerName?: string;
};

/**
 * The partners by name, as a show of hands' lines say them: each seat's side as the meeting shows
 * it (its constituency's name, else its organisation's), and every constituency of the rules (a
 * bloc nobody present sits for is named too).
 */
export function partnerNamesOf(members: SeatHolder[], rules: MeetingRules): Record<string, string> {
  const bySeat = members.flatMap((m) =>
    m.partner && m.partnerName ? [[m.partner, m.partnerName] as const] : [],
  );
  return { ...Object.fromEntries(bySeat), ...rules.partnerNames };
}

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

/** Reads a meeting's whole record from its tables and the body's seats on the meeting date. */
@Injectable()
export class MeetingRecordReader {
  constructor(
    private readonly meetings: MeetingsRepository,
    private readonly items: AgendaItemsRepository,
    private readonly attendance: MeetingAttendanceRepository,
    private readonly declarations: InterestDeclarationsRepository,
    private readonly outcomes: ItemOutcomesRepository,
    private readonly minutes: MinutesApprovalsRepository,
    private readonly bodies: BodyRepository,
    private readonly planDays: LinkedCasePlanDays,
  ) {}

  /** The body's seats on the meeting date, with the categories its quorum rule counts. */
  async members(scope: TenantScope, m: EntityManager, meeting: MeetingRow): Promise<SeatHolder[]> {
    const dir = await this.bodies.onDate(
      scope,
      m,
      { bodyId: meeting.bodyId },
      meeting.meetingDate,
      [],
    );
    // The seats alone for the quorum (substitutes were checked when recorded, and a scheme changed
    // since does not undo a past attendance); the scheme's names only for the forms to offer.
    if (!dir) return [];
    const seats = bodySeatsOn(dir).seats;
    const constituencies = dir.body.rules?.constituencies ?? [];
    return dir.seats.map((d, i) => ({
      personId: seats[i].personId,
      name: seats[i].name,
      categories: seats[i].categories,
      partner: seats[i].partner,
      partnerName:
        constituencies.find((c) => c.key === d.constituency)?.name ??
        d.organisationName ??
        undefined,
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

  /** One query after another: a transaction's connection takes one query at a time. */
  async record(scope: TenantScope, m: EntityManager, meeting: MeetingRow): Promise<MeetingRecord> {
    const id = meeting.id;
    const members = await this.members(scope, m, meeting);
    // An item linked to a case the forward plan tells its day: the published plan's day.
    const items = await this.planDays.of(scope, m, await this.items.ofMeeting(scope, m, id));
    const attendance = await this.attendance.ofMeeting(scope, m, id);
    const declarations = await this.declarations.ofMeeting(scope, m, id);
    const votes = await this.outcomes.votesOf(scope, m, id);
    const outcomes = await this.outcomes.outcomesOf(scope, m, id);
    const minutesApprovals = await this.minutes.ofMeeting(scope, m, id);
    const settings = await this.meetings.councilSettings(scope, m);
    return {
      settings: ruleSettings(settings),
      meeting,
      members,
      items,
      attendance,
      declarations,
      votes,
      outcomes,
      minutesApprovals,
    };
  }
}
