/**
 * Key decisions and the forward plan (reg 9 of the Local Authorities (Executive Arrangements)
 * (Meetings and Access to Information)(England) Regulations 2012): a template whose cases may end
 * in a key decision says so (`WorkflowTemplate.keyDecisions`), and the forward plan is generated
 * from its open cases (libs/forward-plan). Publishing the plan tells each newly listed case the day
 * it was published, through the engine's one write path, so that its key-decision rule counts the
 * 28 clear days from a date the council published rather than one an officer typed.
 */

/** What the forward plan says of one key decision to come: the particulars reg 9(2) asks for. */
export interface KeyDecisionParticulars {
  /** The matter in respect of which the decision is to be made (reg 9(2)(a)). */
  matter: string;
  /** The date on which, or the period within which, it is to be made (reg 9(2)(c)). */
  expected: { on: string } | { from: string; until: string };
  /** The documents submitted to the decision maker for consideration (reg 9(2)(e)). */
  documents: string[];
  /** Why information in it is exempt (reg 9(2)(d)), with the paragraph of Schedule 12A; null: none is. */
  exemptReasons: string | null;
  /** How to ask for the documents and make representations (reg 9(2)(f), (g)). */
  representations: string;
}

export interface KeyDecisions {
  /**
   * The particulars of an open case's key decision to come, read off its context; null when the
   * case will not (or is not yet known to) lead to a key decision, or has already taken it.
   */
  particulars(context: unknown): KeyDecisionParticulars | null;
  /** The role whose holder takes the decision (reg 9(2)(b) names the decision maker). */
  decisionMakerRole: string;
  /**
   * The event, sent by the system when a plan listing the case for the first time is published,
   * that records the day in the case: payload `{ publishedOn, edition }`.
   */
  publishedEvent: string;
}
