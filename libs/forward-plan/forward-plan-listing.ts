import type { KeyDecisionParticulars } from '../workflows/key-decisions';

/** One key decision to come as a forward plan lists it (reg 9(2)), with its case and first publication. */
export interface ForwardPlanListing {
  caseId: string;
  /** The case's title: the matter as the council names it. */
  title: string;
  particulars: KeyDecisionParticulars;
  /** The decision maker: the person and the office or delegation they act under (reg 9(2)(b)). */
  decisionMaker: { name: string | null; actingAs: string };
  /** The day the case was first in a published plan; null in a draft for a case not yet published. */
  firstPublishedOn: string | null;
}
