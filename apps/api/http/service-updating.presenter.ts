/**
 * A request about a case on a template version this process's build does not have yet (a rolling upgrade,
 * docs/operations.md), as a person reads it: the service is being updated, come back in a minute.
 * No version, key or id: the problem+json an API client gets carries those.
 */
export function serviceUpdatingPage(method: string): { heading: string; detail: string } {
  const reading = method === 'GET' || method === 'HEAD';
  return {
    heading: 'Sorry, the service is being updated',
    detail: `Part of the service is being updated just now. Try again in a minute${reading ? '' : ': what you sent was not saved, so send it again then'}.`,
  };
}

/**
 * A case on such a version as a list says it, in its place among the others (its reference and
 * title are the list's own): the one case waits for the update, the rest of the list does not.
 */
export const CASE_OPENS_AFTER_UPDATE =
  'This case cannot be opened until an update to the service has finished. Try again in a few minutes.';

/** The name of a workflow this build may lack: its current version's title, else in words. */
export const WORKFLOW_OF_NEWER_BUILD = 'A workflow the service is being updated to';

/**
 * A decision the public register lists on such a version, as the list says it in its place: its
 * notice (and what it withholds as exempt) is that version's to build, so only what is kept shows.
 */
export const DECISION_SHOWN_AFTER_UPDATE =
  'Its details cannot be shown until an update to the service has finished. Try again in a few minutes.';

/** The register's page, above its list, when it lists such a decision. */
export function registerUpdatingInWords(count: number): string {
  const decisions = count === 1 ? '1 decision below shows' : `${count} decisions below show`;
  return `The register is being updated. Until the update has finished, ${decisions} only its reference, whose decision it is, when it was published and whether it is a key decision.`;
}
