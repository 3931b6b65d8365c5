declare const acrossCouncilsMark: unique symbol;

/**
 * Why a repository method reads or writes across every council instead of in one council's
 * `TenantScope` (ADR 0015, issue #14 item 3):
 * - `sweep`: a worker's sweep lists the councils (or their rows) with work due, then works bound
 *   to each council in turn;
 * - `council look-up`: what a request brings (an API key, a token, a cookie, a slug, an email
 *   address, a sign-in's browser key) finds its council, which is bound before anything else is
 *   read;
 * - `operator`: the whole service as an operator sees it (readiness, counts for metrics);
 * - `tool`: an operator's tool run over every council (cases:replay, the export's council by slug).
 */
export type AcrossCouncilsWhy = 'sweep' | 'council look-up' | 'operator' | 'tool';

/**
 * The first parameter of a repository method that works across councils, in place of a
 * `TenantScope`: the method says so by its type, and its caller says so by making one. Branded, so
 * that only `acrossCouncils(why)` makes one; typed by why, so that a sweep's method takes no
 * look-up's marker. libs/testing/tenant-scope-parameters.spec.ts holds every repository to it.
 */
export type AcrossCouncils<W extends AcrossCouncilsWhy = AcrossCouncilsWhy> = {
  readonly why: W;
} & { readonly [acrossCouncilsMark]: true };

/** Says out loud that the call that takes it works across councils, and why. */
export function acrossCouncils<W extends AcrossCouncilsWhy>(why: W): AcrossCouncils<W> {
  return { why } as AcrossCouncils<W>;
}
