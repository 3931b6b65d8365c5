import { listTemplates } from '../../../libs/workflows/template.registry';
import { registeredWords } from '../../../libs/workflows/template-words.registry';
import { COMMON_FIELDS } from '../../../libs/workflows/template-words';
import { eventForm, poundsFrom, readEventForm } from './event-form.service';

const officerEvents = listTemplates().flatMap((t) =>
  Object.entries(t.events)
    .filter(([, spec]) => spec.sendableBy.includes('officer'))
    .map(([type]) => [`${t.id} v${t.version} ${type}`, t, type] as const),
);

describe('event forms in people’s words', () => {
  it.each(officerEvents)(
    '%s: the template’s own words for the event and each field',
    (_, t, type) => {
      // A version with words of its own reads them, as the pages do (template-words.registry.ts).
      const words = registeredWords()[`${t.id}@${t.version}`] ?? registeredWords()[t.id];
      expect(words.events[type]).toBeDefined();
      const form = eventForm(t, type);
      // A meeting's record is asked for on the meeting page, not by this form.
      if (form.complex) return;
      for (const f of form.fields) {
        expect(words.events[type].fields?.[f.name] ?? COMMON_FIELDS[f.name]).toBeDefined();
        // No key, camelCase or id shows as a label or an option.
        expect(f.label).not.toMatch(/[a-z][A-Z]|\bid\b|_/);
        for (const o of f.options) expect(o.text).not.toMatch(/[a-z][A-Z]/);
      }
    },
  );

  it('asks yes or no with radios, a sum in pounds, and a choice in words', () => {
    const jcb3 = listTemplates().find((t) => t.id === 'jcb-delegated-decision' && t.version === 3)!;
    const notices = eventForm(jcb3, 'RECORD_NOTICES');
    expect(notices.fields.find((f) => f.name === 'keyDecision')).toMatchObject({
      kind: 'yesno',
      label: 'Is it a key decision?',
    });
    expect(notices.fields.map((f) => f.name)).not.toContain('verdicts');
    const draft = eventForm(jcb3, 'DRAFT_DECISION');
    expect(draft.fields.find((f) => f.name === 'amount')?.kind).toBe('money');
    expect(draft.fields.find((f) => f.name === 'actingAs')?.options).toEqual([
      { value: 'cabinetMember', text: 'A Cabinet member' },
      { value: 'ccgMember', text: 'A CCG member' },
    ]);
    expect(eventForm(jcb3, 'RECORD_ATTENDANCE').complex).toBe(true);
  });

  it('reads every field at once and says what is wrong with each in words', () => {
    const jcb3 = listTemplates().find((t) => t.id === 'jcb-delegated-decision' && t.version === 3)!;
    const form = eventForm(jcb3, 'DRAFT_DECISION');
    const read = readEventForm(form, { decision: 'Award the contract', amount: 'lots' });
    expect(read.errors.items).toEqual([
      { href: '#DRAFT_DECISION-reasons', text: 'Enter the reasons for the decision' },
      {
        href: '#DRAFT_DECISION-amount',
        text: 'The sum committed must be an amount of money in pounds, like 1500 or 1,500.50',
      },
      { href: '#DRAFT_DECISION-actingAs', text: 'Select the seat the decision maker acts in' },
    ]);
    expect(read.typed.amount).toBe('lots');
    expect(poundsFrom('£1,500.50')).toBe(1500.5);
    expect(poundsFrom('1 500')).toBe(1500);
    expect(poundsFrom('1.5.0')).toBeUndefined();
  });
});
