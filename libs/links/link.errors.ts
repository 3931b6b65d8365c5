/**
 * Why a link cannot be used. Invalid, expired, voided and foreign tokens all read the same to the
 * person holding them, so that a link reveals nothing about others.
 */
export class LinkUnavailableError extends Error {
  constructor(readonly reason: 'unknown' | 'closed' | 'no-authority') {
    super(`link unavailable: ${reason}`);
  }
}

/** The link was already used: the page shows what was recorded. */
export class LinkAlreadyUsedError extends Error {
  constructor(readonly outcome: { response: string; recordedAt: string }) {
    super('link already used');
  }
}

/** A POST the form could not have sent: no or wrong CSRF token, an answer not offered, text too long. */
export class LinkFormError extends Error {
  constructor(readonly problem: string) {
    super(problem);
  }
}
