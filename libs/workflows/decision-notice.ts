/**
 * The Decision Notice of reg 12 of the Local Authorities (Executive Arrangements)(Meetings and
 * Access to Information)(England) Regulations 2012, as a template that ends in one builds it
 * (`WorkflowTemplate.decisionNotice`; the JCB's: jcb-delegated-decision/decision-notice.service.ts).
 */

export interface RoleHolder {
  label: string;
  person: { id: string; name: string } | null;
  actingAs: string;
}

export interface DecisionNotice {
  caseId: string;
  title: string;
  itemTitle: string;
  decision: string;
  decidedOn: string;
  reasons: string;
  alternativesRejected: string[];
  amount: number | null;
  interests: { name: string; kind: string; nature: string; effect: string[] }[];
  dispensations: { personId: string; id: string; grantor: string; endsOn: string }[];
  decisionMaker: { name: string | null; actingAs: string; authority: string[] };
  properOfficer: { name: string | null; actingAs: string };
  signatures: { decisionMaker: string | null; properOfficer: string | null };
  keyDecision: boolean;
  meeting: { date: string; quorum: string[]; showOfHands: string[] };
  publishedOn: string | null;
  callIn: { status: string; explanation: string[] };
  /** Agreed by the case's urgency approver before publication (version 2); null: not exempt. */
  urgencyExemption: {
    agreedBy: string;
    actingAs: string;
    agreedOn: string;
    reason: string;
  } | null;
  implementableFrom: string | null;
  rulesVersion: string;
  /** Whose decision: the executive's (reg 12, the default) or an officer's under delegation (reg 13). */
  kind?: 'executive' | 'officer';
  /** An officer decision's consultations (e.g. with the Cabinet member), each with any conflict and dispensation. */
  consultations?: {
    name: string;
    actingAs: string;
    consultedOn: string;
    views: string;
    conflict: string | null;
    dispensation: string | null;
  }[];
  /** The background papers (reg 13(4)(f)); absent for notices that do not list them. */
  backgroundPapers?: string[];
}

/** What a Decision Notice is built from: the case as read. */
export interface DecisionNoticeInput {
  caseId: string;
  title: string;
  templateVersion: number;
  stateKey: string;
  context: unknown;
  roles: Record<string, RoleHolder | undefined>;
}
