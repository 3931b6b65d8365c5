/** The shape of a template's recorded dates (recorded-dates.declarations.ts). */

/** A step a recorded date is compared with. */
export type StepRef = {
  /** In words, e.g. "the decision". */
  what: string;
  /** The rule's own name where one is more precise than RECORDED_DATE_BEFORE_ITS_STEP. */
  rule?: string;
} & (
  | {
      /** A dot path into the case's context (the machine's), to a date or null (no step yet). */
      context: string;
    }
  | {
      /** The day (London) the case last took this event, when the event carries no date of its own. */
      event: string;
    }
);

export interface RecordedDateSpec {
  /** A dot path into the event's payload; absent or null: nothing to check. */
  field: string;
  /** In words, e.g. "the publication". */
  what: string;
  follows?: StepRef[];
  /** Last days the date may fall on, each with its rule (CALL_IN_OUT_OF_TIME). */
  until?: (StepRef & { rule: string })[];
  /**
   * The template writes the field as today (an answer from an emailed link): a step taken now,
   * which waits for each step it follows, even one dated after today; the link page says from when.
   */
  takenToday?: true;
}

export type RecordedDates = Record<string, RecordedDateSpec[]>;
