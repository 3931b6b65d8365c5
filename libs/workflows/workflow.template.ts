import type { AnyStateMachine } from 'xstate';
import type { z } from 'zod';
import type { RoleBinding } from '../governance/authority.service';
import type { Hand } from '../governance/consensus.service';
import type { DecidedOutcome } from '../governance/decided-outcome.service';
import type { InterestKind } from '../governance/interests.service';
import type { MeetingPeopleClaim } from '../governance/meeting-people.service';
import type { UrgencyAgreement } from '../governance/notices.service';
import type { DecisionNotice, DecisionNoticeInput } from './decision-notice';
import type { KeyDecisions } from './key-decisions';
import type { TemplateEmails } from './template-emails';
import type { TemplateRoleWords } from './template-role-words';

/** How a role on a case is filled: by an office, by a delegation to an office, or by any officer. */
export interface RoleSpec {
  label: string;
  binding: 'office' | 'delegation' | 'officers' | 'seat' | 'member';
  /** For delegations: what the delegation must cover. */
  delegationScope?: string;
  /**
   * For seats: the body's chair or vice-chair on the day, as its memberships say; the case names
   * the body (roles.<role> = the body's id) and whoever holds the seat acts.
   */
  seat?: 'chair' | 'vice_chair';
  /*
   * `member`: nobody when the case opens; a member of the body the case's seats name, bound by an
   * event of the template's (`namesRoles`), e.g. the member who presided at a meeting.
   */
}

export interface EventSpec {
  /** Who may send it; 'system' means only the deadline worker. */
  sendableBy: string[];
  /** The event's own fields (without type and role), validated before the machine sees them. */
  payload: z.ZodType<Record<string, unknown>>;
  /** A sentence for lists and the API docs. */
  description: string;
}

export interface StateDescription {
  /** The state in plain words, e.g. "Awaiting agreement from the Accountable Officer". */
  summary: string;
  /** Roles whose action the case waits for. */
  awaiting: string[];
}

/** A released, versioned workflow. Running cases keep the version they started on. */
export interface WorkflowTemplate {
  id: string;
  version: number;
  title: string;
  machine: AnyStateMachine;
  roles: Record<string, RoleSpec>;
  /** The case's dates by field name, each with what it means (for the catalogue and the forms). */
  dateFields?: Record<string, string>;
  /** The case's dates, validated at creation; `now` is the engine clock's London date. */
  dates: (today: string) => z.ZodType<Record<string, string>>;
  events: Record<string, EventSpec>;
  describe(value: unknown, context: unknown): StateDescription;
  /** Notifications that ask the recipient for an answer, and so carry a one-time action link. */
  requestMessages: string[];
  /** For each role that answers from a link: the event each answer sends. */
  linkResponses: Record<string, LinkResponses>;
  /** Its events' validation reads the council's settings (libs/workflows/council-context.service.ts). */
  usesCouncilSettings?: boolean;
  /**
   * For templates whose events carry a meeting's facts (members, attendance, declarations, hands):
   * the people an event names, read off its payload as sent (null for other events, or a payload
   * it cannot read, which the event's validation then refuses), and the case's role bound to a
   * delegation from the body whose meeting it is. Before the event's validation and the machine,
   * the engine checks those people against that body's seats on the meeting date in the directory
   * (libs/governance/meeting-people.service.ts), as the meetings API does.
   */
  meetingPeople?: {
    bodyRole: string;
    claimed(eventType: string, payload: unknown): MeetingPeopleClaim | null;
  };
  /** The event by which the officer hands a role to a new holder (payload: reassign, holderId). */
  reassignEvent?: string;
  /**
   * Roles an event binds as the case takes it (a `member` role: the member the event names), from
   * its payload as validated and the case's roles; the engine binds them in the event's
   * transaction, before whom the case awaits and its requests are worked out.
   */
  namesRoles?: Record<
    string,
    (
      payload: Record<string, unknown>,
      roles: Record<string, RoleBinding>,
    ) => Record<string, RoleBinding>
  >;
  /** The date a message is about (its deadline), for the email's words. */
  deadlineFor(message: string, context: unknown): string | null;
  /**
   * What its emails say (`<t>/<t>.emails.ts`): each message its machines notify, its deadlines in
   * words, the captions of its links' pages. Shared code reads them here, never by template id; a
   * version built from its predecessor (`...v1`) inherits them.
   */
  emails: TemplateEmails;
  /**
   * What its roles' holders are called where the directory cannot say it: each role an event of its
   * binds to a person the case names (`namesRoles`, a `member` binding), by role
   * (libs/workflows/template-role-words.ts). Left out by templates that bind none.
   */
  roleWords?: TemplateRoleWords;
  /**
   * For templates whose cases end in a reg 12 Decision Notice: the notice, built from the case as
   * read, or null while no decision has been taken. Templates without one leave it out.
   */
  decisionNotice?(input: DecisionNoticeInput): DecisionNotice | null;
  /**
   * For templates that publish decisions: the case's exempt (Part 2) information, if any, and why
   * the public is excluded (that much is public); null when nothing in it is exempt. The public
   * register withholds the content of an exempt decision.
   */
  exemptInformation?(context: unknown): { reasons: string | null } | null;
  /**
   * For templates whose cases may lead to a key decision (reg 9): the forward plan's particulars of
   * an open case, and the event that tells the case the plan listing it was published
   * (libs/workflows/key-decisions.ts; the plan itself: libs/forward-plan).
   */
  keyDecisions?: KeyDecisions;
  /**
   * For templates whose cases are decided at a meeting: the events, in order, that carry a
   * meeting's recorded outcome of an agenda item linked to the case into it, given where the case
   * stands; or a refusal saying why they cannot. The meetings API sends them as the officer, in the
   * transaction that records the show of hands (libs/meetings/meeting-case-bridge.service.ts).
   */
  /**
   * What a request asks the person to agree, shown on the page their emailed link opens (e.g. the
   * decision drafted for them, or the decision whose notice they sign): label and value lines.
   */
  requestDetails?(request: string, context: unknown): { label: string; value: string }[];
  meetingEvents?(
    outcome: MeetingOutcome,
    current: { stateKey: string; context: unknown },
  ): MeetingEvents;
  /**
   * For templates whose cases are the minutes of a meeting (linked by the body of their seat roles
   * and their `meetingDate`): the events that carry a later meeting's approval of those minutes
   * into the case, or a refusal; sent by the meetings API in the approval's transaction
   * (libs/meetings/minutes-case-bridge.service.ts).
   */
  minutesEvents?(
    approval: MinutesApprovalFacts,
    current: { stateKey: string; context: unknown },
  ): MeetingEvents;
}

/** A meeting's approval of an earlier meeting's minutes, with who holds the body's chairs that day. */
export interface MinutesApprovalFacts {
  /** The approving meeting. */
  meetingDate: string;
  meetingTitle: string;
  bodyName: string;
  amendments: string[];
  /**
   * The chair on the approving meeting's day, and whether the chair is absent (why, in words); the
   * person, for a template that binds the signer to them (minutes approval v4).
   */
  chair: { name: string; absent: string | null; personId?: string } | null;
  viceChair: { name: string; absent: string | null; personId?: string } | null;
}

/** A meeting's record of one agenda item, as the meetings API holds it when the show of hands is taken. */
export interface MeetingOutcome {
  meetingDate: string;
  /**
   * The body that met, as the directory names it and says what it is ('hwbb', 'jcb', ...), for a
   * template whose steps are decided by different bodies' meetings; absent only outside a meeting.
   */
  body?: { name: string; kind: string };
  item: {
    title: string;
    keyDecision: boolean;
    forwardPlanPublishedOn: string | null;
    /** The item's own report date, else the agenda's publication date. */
    reportPublishedOn: string | null;
    lateItemSpecialCircumstances: string | null;
    generalException: { scrutinyChairToldInWritingOn: string; noticePublishedOn: string } | null;
    specialUrgency: UrgencyAgreement | null;
    privateItem: {
      noticePublishedOn: string | null;
      reasons: string | null;
      urgency: UrgencyAgreement | null;
    } | null;
  };
  /** The body's seats on the meeting date; `partner` is the organisation a seat represents. */
  members: { personId: string; name: string; partner: string | null }[];
  attendance: {
    personId: string;
    name: string;
    status: 'present' | 'apologies' | 'absent';
    substituteFor?: string;
  }[];
  /** The item's declarations of interest, each with the dispensation it relies on. */
  declarations: {
    personId: string;
    kind: InterestKind;
    nature: string;
    dispensation: {
      id: string;
      grantor: string;
      ground: string;
      relievesFrom: string[];
      grantedOn: string;
      endsOn: string;
    } | null;
  }[];
  hands: { personId: string; hand: Hand }[];
  chairChoice?: { outcome: 'deferred' | 'referredBack'; consultedThosePresent: boolean };
  /**
   * What the body's own decision rule computed from the hands (consensus, deferred or referred
   * back; carried or lost by a majority, a tie by the casting vote of the person presiding), with
   * the counts and the explanation the meeting recorded; absent only outside a meeting. Templates released before it ignore it.
   */
  decided?: DecidedOutcome;
}

export type MeetingEvents =
  | { ok: true; events: { type: string; payload: Record<string, unknown> }[] }
  /** A refusal: the rule's lines a person reads, and where the rule comes from (`source`), apart. */
  | { ok: false; code: string; explanation: string[]; source?: string };

export interface LinkResponses {
  approve: string;
  reject: string;
  declareInterest?: string;
  /**
   * Agreeing takes a note too (JCB v8's dispute conclusion): the link offers agreeing with
   * comments and rejecting with reasons, never a bare approval.
   */
  noteRequired?: boolean;
}

/**
 * The description of a payload field the template writes itself (a verdict, a date, a check):
 * forms leave it out, and whatever a sender puts there is overwritten.
 */
export const WRITTEN_BY_THE_TEMPLATE = 'written by the template';
