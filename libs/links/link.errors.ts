/** When and why the engine closed a link it had sent: told only to the holder of its token. */
export interface LinkSettled {
  at: string;
  why: string | null;
}

/**
 * Why a link cannot be used. An unknown or foreign token reads the same as any other, so that a
 * link reveals nothing about others; the holder of a real link is told when and why it closed
 * (`settled`), which is about their own request only.
 */
export class LinkUnavailableError extends Error {
  constructor(
    readonly reason: 'unknown' | 'closed' | 'no-authority',
    readonly settled?: LinkSettled,
  ) {
    super(`link unavailable: ${reason}`);
  }
}

/** The link was already used: the page shows what was recorded. */
export class LinkAlreadyUsedError extends Error {
  constructor(readonly outcome: { response: string; recordedAt: string; words?: string | null }) {
    super('link already used');
  }
}

/** The text boxes of a link's form: what an answer takes in words (link-answer-box.ts says which). */
export type AnswerBox = 'comments' | 'reasons' | 'interest';

/** A POST the form could not have sent: no or wrong CSRF token, an answer not offered, text too long. */
export class LinkFormError extends Error {
  constructor(
    readonly problem: string,
    /** The text box the problem is in (its reasons missing, its comments too long), if one is. */
    readonly field?: AnswerBox,
  ) {
    super(problem);
  }
}

/**
 * A governance rule refused the answer (too early, out of time, a date that cannot have happened):
 * nothing is recorded, the request stays open, and its holder reads the rule's own explanation.
 */
export class LinkRefusedError extends Error {
  constructor(
    readonly rule: string,
    readonly detail: string,
    readonly explanation: string[],
  ) {
    super(detail);
  }
}

/**
 * The request needs the person to prove who they are (their organisation's sign-in, or a code
 * emailed separately) before the answer is recorded, and this browser has not: nothing is recorded.
 */
export class LinkStepUpRequiredError extends Error {
  constructor(readonly what: string) {
    super(`step-up required before ${what}`);
  }
}
