/**
 * "Someone changed this first" in one sentence wherever a change is refused for it (the API's
 * VERSION_CONFLICT detail, every staff page's form): what happened, that nothing was recorded, and
 * what to do. It says "was changed", not who changed it: a second tab of the same person's is as
 * stale as another person's change.
 *
 * `what` names the record ("this case", "Cllr Lane’s record", "case <id>"); `seen` is how the
 * person came by the version they sent (a page opened, or the API's read); `since` says what
 * changed, in brackets, when known; `next` replaces what to do where the form cannot simply be sent
 * again.
 */
export function changedFirstSentence(
  what: string,
  opts: { seen?: 'opened this page' | 'read it'; since?: string; next?: string } = {},
): string {
  const next = opts.next ?? 'check it as it is now, then make your change again';
  const since = opts.since ? ` (${opts.since})` : '';
  const subject = what.charAt(0).toUpperCase() + what.slice(1);
  return `${subject} was changed after you ${opts.seen ?? 'opened this page'}${since}, so nothing was recorded: ${next}.`;
}
