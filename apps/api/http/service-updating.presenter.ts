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
