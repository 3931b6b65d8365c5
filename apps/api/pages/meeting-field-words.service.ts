/**
 * The meeting page's words for a text field the meetings API's schema refused. The schema speaks
 * to API clients by the field's key ("give title", "keep part2Reasons under 2000 characters"); the
 * page says what to enter as GOV.UK's error messages do ("Enter a title for the meeting", "The
 * reasons for taking the item in private must be 2000 characters or fewer").
 * https://design-system.service.gov.uk/components/error-message/
 */

/**
 * A text field by `<form>.<path>` (a list's index as `*`): what to enter, and its name in a
 * sentence (a line of a list by its number, `{n}`).
 */
const TEXT_FIELDS: Record<string, { enter: string; name: string }> = {
  'schedule.title': { enter: 'Enter a title for the meeting', name: 'The title of the meeting' },
  'item.title': {
    enter: 'Enter a title for the agenda item',
    name: 'The title of the agenda item',
  },
  'item.part2Reasons': {
    enter: 'Enter the reasons for taking the item in private',
    name: 'The reasons for taking the item in private',
  },
  'declaration.details': {
    enter: 'Enter the nature of the interest',
    name: 'The nature of the interest',
  },
  'routes.lateItemSpecialCircumstances': {
    enter: 'Enter the chair’s special circumstances for taking the late report',
    name: 'The chair’s special circumstances',
  },
  ...urgencyFields('specialUrgency', 'special urgency'),
  ...urgencyFields('privateUrgency', 'taking the item in private as urgent'),
  'minutes.amendments.*': { enter: 'Enter each amendment', name: 'Amendment {n}' },
};

/** A list field by `<form>.<path>`: its lines in a sentence, for "Enter 100 amendments or fewer". */
const LIST_FIELDS: Record<string, string> = { 'minutes.amendments': 'amendments' };

function urgencyFields(key: string, agreedTo: string) {
  return {
    [`routes.${key}.name`]: {
      enter: `Enter the name of who agreed to ${agreedTo}`,
      name: `The name of who agreed to ${agreedTo}`,
    },
    [`routes.${key}.scrutinyChairUnavailable`]: {
      enter: `Enter why the scrutiny chair could not agree to ${agreedTo}`,
      name: 'Why the scrutiny chair could not agree',
    },
    [`routes.${key}.councilChairUnavailable`]: {
      enter: `Enter why the council chair could not agree to ${agreedTo}`,
      name: 'Why the council chair could not agree',
    },
  };
}

/** The schema's "left out" and "too long" messages (its own, and zod's default for a maximum). */
const MISSING = /^give /;
const TOO_LONG = /^keep .* under (\d+) characters$|at most (\d+) character/;
/** zod's default for an array's maximum ("Too big: expected array to have <=100 items"). */
const TOO_MANY = /array to have <=(\d+) items?$/;

/**
 * A problem at a text field of a meeting form in the page's words; undefined when the field or
 * its message is not one the page words itself (the caller says the use case's message).
 */
export function meetingTextProblem(form: string, path: string, message: string) {
  const many = TOO_MANY.exec(message);
  const list = LIST_FIELDS[`${form}.${path}`];
  if (many && list) return `Enter ${many[1]} ${list} or fewer`;
  const field = TEXT_FIELDS[`${form}.${path.replace(/\.\d+(?=\.|$)/g, '.*')}`];
  if (!field) return undefined;
  if (MISSING.test(message)) return field.enter;
  const long = TOO_LONG.exec(message);
  // A list's line by its number as the person counts them (the first is 1).
  const line = /\.(\d+)$/.exec(path);
  const name = field.name.replace('{n}', line ? String(Number(line[1]) + 1) : '');
  if (long) return `${name} must be ${long[1] ?? long[2]} characters or fewer`;
  return undefined;
}
