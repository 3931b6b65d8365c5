/**
 * What a JCB delegated decision case carries (version 1; later versions extend it): its dates, the
 * records each step keeps in the context, the events the machine takes as the template layer
 * leaves them (rules' verdicts written in), and the effects' parameters.
 */

export type Role = 'decisionMaker' | 'properOfficer' | 'officer';
export type DeadlineKey = 'meeting' | 'callIn';

export interface JcbDates {
  /** The Board meeting at which the item is to be taken. */
  meetingDate: string;
}

/** A rule's verdict as the template layer gave it: code, met or not, the lines that explain it. */
export interface Verdict {
  code: string;
  met: boolean;
  explanation: string[];
}

export interface NoticeRecord {
  meetingDate: string;
  itemTitle: string;
  keyDecision: boolean;
  forwardPlanPublishedOn: string | null;
  reportPublishedOn: string | null;
  privateItem: { noticePublishedOn: string | null; reasons: string | null } | null;
  verdicts: Verdict[];
}

/** The meeting facts (members, attendance, declarations, dispensations) as recorded. */
export type MeetingFacts = Record<string, unknown>;

export interface MeetingRecord {
  meetingDate: string;
  facts: MeetingFacts;
  quorum: { quorate: boolean; explanation: string[] };
  excludedPersonIds: string[];
  interests: { personId: string; name: string; kind: string; nature: string; effect: string[] }[];
}

export type ShowOfHandsOutcome = 'consensus' | 'noConsensusDeferred' | 'noConsensusReferredBack';

export interface ShowOfHandsRecord {
  meetingDate: string;
  hands: { personId: string; hand: 'for' | 'against' | 'abstain' }[];
  outcome: ShowOfHandsOutcome;
  tally: Record<'for' | 'against' | 'abstain', number>;
  explanation: string[];
}

export interface DecisionRecord {
  decidedOn: string;
  decision: string;
  reasons: string;
  alternativesRejected: string[];
  amount: number | null;
  actingAs: 'cabinetMember' | 'ccgMember';
  cabinetMembersAgreeing: string[];
  delegationCheck: string[];
}

export interface PublicationRecord {
  publishedOn: string;
  callInEndsOn: string;
  implementableFrom: string;
  explanation: string[];
}

export interface CallInRecord {
  calledInOn: string;
  calledInBy: string;
  reasons: string;
  outcome: {
    result: 'decisionConfirmed' | 'referredBackToDecisionMaker';
    recordedOn: string;
    minuteReference: string;
  } | null;
}

export interface JcbContext {
  dates: JcbDates;
  notices: NoticeRecord | null;
  meeting: MeetingRecord | null;
  showOfHands: ShowOfHandsRecord | null;
  /** Earlier shows of hands that ended in deferral, and what the Chair and partner lead agreed. */
  deferrals: { showOfHands: ShowOfHandsRecord; talkedOn: string | null; note: string | null }[];
  decision: DecisionRecord | null;
  /** Decisions sent back by a call-in, oldest first. */
  earlierDecisions: DecisionRecord[];
  signatures: { decisionMaker: string | null; properOfficer: string | null };
  publication: PublicationRecord | null;
  callIn: CallInRecord | null;
  referredBack: { on: string; explanation: string[] } | null;
  implementableOn: string | null;
  overdue: Record<DeadlineKey, boolean>;
}

export type JcbEvent =
  | {
      type: 'RECORD_NOTICES';
      meetingDate: string;
      itemTitle: string;
      keyDecision: boolean;
      forwardPlanPublishedOn?: string | null;
      reportPublishedOn?: string | null;
      privateItem?: { noticePublishedOn?: string | null; reasons?: string | null } | null;
      verdicts?: Verdict[];
    }
  | {
      type: 'RECORD_ATTENDANCE';
      meeting: MeetingFacts & { meetingDate: string };
      quorum?: { quorate: boolean; explanation: string[] };
      excludedPersonIds?: string[];
      interests?: MeetingRecord['interests'];
    }
  | {
      type: 'RECORD_SHOW_OF_HANDS';
      meeting: MeetingFacts & { meetingDate: string };
      hands: ShowOfHandsRecord['hands'];
      chairChoice?: { outcome: 'deferred' | 'referredBack'; consultedThosePresent: boolean };
      outcome?: ShowOfHandsOutcome;
      tally?: ShowOfHandsRecord['tally'];
      explanation?: string[];
    }
  | { type: 'RECONSIDER'; talkedOn: string; note: string; meetingDate: string }
  | {
      type: 'RECORD_DECISION';
      decidedOn: string;
      decision: string;
      reasons: string;
      alternativesRejected: string[];
      amount?: number | null;
      actingAs: 'cabinetMember' | 'ccgMember';
      cabinetMembersAgreeing?: string[];
      delegationCheck?: string[];
    }
  | { type: 'SIGN_NOTICE'; role: Role; signedOn: string }
  | {
      type: 'RECORD_PUBLICATION';
      publishedOn: string;
      callInEndsOn?: string;
      implementableFrom?: string;
      explanation?: string[];
    }
  | { type: 'CALL_IN'; calledInOn: string; calledInBy: string; reasons: string }
  | {
      type: 'RECORD_CALL_IN_OUTCOME';
      result: 'decisionConfirmed' | 'referredBackToDecisionMaker';
      recordedOn: string;
      minuteReference: string;
    }
  | { type: 'DEADLINE_PASSED'; key: DeadlineKey }
  | { type: 'REMINDER_DUE'; key: DeadlineKey; workingDaysLeft: number };

export interface JcbInput {
  dates: JcbDates;
}

export interface NotifyParams {
  message: string;
  to: Role[];
}
export interface ArmDeadlineParams {
  key: DeadlineKey;
  date: string;
  remindWorkingDaysBefore: number[];
}
export interface CancelDeadlineParams {
  key: DeadlineKey;
}
