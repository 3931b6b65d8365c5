import { zodProblems } from '../../../libs/core/zod-problems.service';
import { InvalidInputError } from '../../../libs/errors/domain.errors';
import { findTemplate, listTemplates } from '../../../libs/workflows/template.registry';
import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';
import {
  addRefusal,
  eventForm,
  readEventForm,
  schemaProblems,
  type EventField,
} from './event-form.service';
import { FormErrors } from './forms/form-errors.service';

/** How zod's own English begins, and the operators and type names it says (zod/v4/locales/en). */
const ZODS_OWN =
  /Too big|Too small|Invalid (input|option|string|number|value)|expected (\w+ to (have|be)|one of|string|number|boolean|array|int|object)|[<>]=/;

const bcf = findTemplate('bcf-delegated-sign-off', 1)!;

describe('a case event form’s list errors in the service’s words', () => {
  it('says how many lines a list may have, naming the field, linked to it, what was typed kept', () => {
    const form = eventForm(bcf, 'RECORD_ASSURANCE');
    const lines = Array.from({ length: 51 }, (_, i) => `Condition ${i + 1}`).join('\n');
    const read = readEventForm(form, {
      outcome: 'approvedWithConditions',
      'receivedOn-day': '3',
      'receivedOn-month': '11',
      'receivedOn-year': '2021',
      conditions: lines,
    });
    schemaProblems(bcf, form, read.payload, read.errors);
    expect(read.errors.items).toEqual([
      {
        href: '#RECORD_ASSURANCE-conditions',
        text: 'Enter 50 or fewer lines for the conditions, one on each line',
      },
    ]);
    expect(read.typed.conditions).toBe(lines);
  });

  it('says the same when the engine refuses the list with zod’s own message', () => {
    const form = eventForm(bcf, 'RECORD_ASSURANCE');
    const errors = new FormErrors();
    const refusal = new InvalidInputError('The event’s payload is not valid.', [
      { path: 'conditions', message: 'Too big: expected array to have <=50 items' },
      { path: 'conditions.3', message: 'Too big: expected string to have <=2000 characters' },
      { path: 'delegationCheck', message: 'Invalid input: expected array, received string' },
    ]);
    expect(addRefusal(form, refusal, errors)).toBe(true);
    expect(errors.items).toEqual([
      {
        href: '#RECORD_ASSURANCE-conditions',
        text: 'Enter 50 or fewer lines for the conditions, one on each line',
      },
      {
        href: '#form-RECORD_ASSURANCE',
        text: 'Something on this form could not be recorded as it was entered: check each answer and send it again',
      },
    ]);
  });

  it('keeps a template’s own words for a list ("list at most 50 documents")', () => {
    const form = eventForm(bcf, 'RECORD_ASSURANCE');
    const errors = new FormErrors();
    addRefusal(
      form,
      new InvalidInputError('x', [{ path: 'conditions', message: 'list at most 50 conditions' }]),
      errors,
    );
    expect(errors.items[0].text).toBe('List at most 50 conditions');
  });
});

/** Values no field of its kind accepts, or too many or too long: each of zod's checks tripped. */
function badValues(f: EventField): unknown[] {
  const long = 'x'.repeat(100_001);
  switch (f.kind) {
    case 'lines':
      return [Array.from({ length: 1001 }, () => 'x'), [long], [], 'a line', [7]];
    case 'text':
    case 'long':
      return [long, '', 7, ['a']];
    case 'number':
    case 'money':
      return [1e15, -1e15, 0.5, 'ten'];
    case 'yesno':
      return ['maybe', 1];
    case 'date':
      return ['2026-13-45', 'tomorrow', 7];
    case 'choice':
    case 'holder':
    case 'condition':
      return ['not one of the choices', 7, ['a']];
  }
}

const forms = listTemplates().flatMap((t) =>
  Object.keys(t.events)
    .map((type) => [`${t.id} v${t.version} ${type}`, t, type] as const)
    .filter(([, tpl, type]) => !eventForm(tpl, type).complex),
);

/** The schema's problems as the engine reports them, or none when it validates only in context. */
function engineProblems(t: WorkflowTemplate, type: string, payload: unknown) {
  try {
    const r = t.events[type].payload.safeParse(payload);
    return r.success ? [] : zodProblems(r.error);
  } catch {
    return [];
  }
}

describe('every case event form’s schema problems, walked', () => {
  it.each(forms)('%s: no message of zod’s own reaches the page', (_, t, type) => {
    const form = eventForm(t, type);
    for (const f of form.fields)
      for (const bad of badValues(f)) {
        const payload = { [f.name]: bad };
        const checked = new FormErrors();
        schemaProblems(t, form, payload, checked);
        const refused = new FormErrors();
        const problems = engineProblems(t, type, payload);
        if (problems.length) addRefusal(form, new InvalidInputError('x', problems), refused);
        for (const e of [...checked.items, ...refused.items])
          expect({ field: f.name, bad: JSON.stringify(bad).slice(0, 40), text: e.text }).toEqual(
            expect.objectContaining({ text: expect.not.stringMatching(ZODS_OWN) }),
          );
      }
  });
});
