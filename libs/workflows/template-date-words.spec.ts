import { listTemplates } from './template.registry';
import { dateHint, dateLabel } from './template-words.registry';

/** A word written as code: a lower-case start with a capital inside it ("notifiedOn"). */
const CODE_WORD = /\b[a-z]+[A-Z][A-Za-z]*\b/;

describe('the dates a new case asks for, in people’s words', () => {
  it('labels and explains every date of every released version without a field’s key', () => {
    const keyed = listTemplates().flatMap((t) =>
      Object.keys(t.dateFields ?? {}).flatMap((key) =>
        [dateLabel(t, key), dateHint(t, key)]
          .filter((text) => CODE_WORD.test(text))
          .map((text) => `${t.id}@${t.version} ${key}: ${text}`),
      ),
    );
    expect(keyed).toEqual([]);
  });

  it('says the pharmacy response is due 45 days after the notification, in words', () => {
    const t = listTemplates().find((x) => x.id === 'pharmacy-consolidation-representation')!;
    expect(dateHint(t, 'responseDeadline')).toBe(
      'The day the HWBB’s representation is due: exactly 45 calendar days after the notification',
    );
  });
});
