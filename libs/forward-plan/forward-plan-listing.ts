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

/**
 * An open case of a template that declares key decisions, on a version this build lacks (a rolling
 * upgrade, or a downgrade): the draft lists it in its place with what is known without its
 * template, its particulars and decision maker as the latest edition published them (absent when
 * no edition has listed it). Publishing waits for the update: this build cannot tell it the day.
 */
export interface ForwardPlanListingOfNewerBuild {
  notInThisBuild: true;
  caseId: string;
  reference: string;
  title: string;
  particulars?: KeyDecisionParticulars;
  decisionMaker?: ForwardPlanListing['decisionMaker'];
  firstPublishedOn: string | null;
}

/** A listing of the draft: one this build reads, or one on a version it lacks. */
export type DraftListing = ForwardPlanListing | ForwardPlanListingOfNewerBuild;
