/**
 * Why the engine closed a link, in the words its holder reads. The keys are the reasons the engine
 * stores on the link (`action_links.outcome.reason`); a reason not listed here reads generically.
 */
const WHY: Record<string, string> = {
  'the step closed': 'the step it asked you about has been completed or has closed',
  'superseded by a newer request': 'a newer request about this case replaced it',
  'chased: a new link was sent': 'a reminder was sent with a new link',
  'the office changed holder': 'the office it was sent to passed to its new holder',
  'the seat changed holder': 'the chair or vice-chair it was sent to passed to a new member',
  'a new version of a document replaced the one it named':
    'a new version of a document it asked you to read replaced the one it named',
  'the case was withdrawn': 'the case was withdrawn',
  'the role was reassigned': 'the role it was sent for was given to someone else',
};

/** "a reminder was sent with a new link", or null when the reason is not one people are told. */
export function linkClosedWhy(reason: string | null): string | null {
  return reason !== null && Object.hasOwn(WHY, reason) ? WHY[reason] : null;
}
