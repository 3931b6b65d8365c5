import { findTemplate } from '../workflows/template.registry';
import { wordingFor } from './email-wording.service';

/**
 * What an email says is read off its case's template; every template's emails are checked in
 * libs/workflows/template-contract.spec.ts.
 */
describe('the wording of an email', () => {
  const bcf = findTemplate('bcf-delegated-sign-off', 1)!;
  const grants = findTemplate('grant-ratification', 1)!;

  it('is the template’s own wording of the message', () => {
    expect(
      wordingFor(bcf.emails, { message: 'agreement-requested', caseTitle: 'BCF plan 2025' }),
    ).toEqual({
      subject: 'Your agreement is needed: BCF plan 2025',
      lead: 'Please read the plan and say whether you agree it. The HWBB chair approves it under delegation once both the Chief Executive and the Accountable Officer agree.',
      due: 'Agreement is needed before the national submission deadline',
    });
  });

  it('words a reminder and an escalation built from a deadline’s key in the template’s words', () => {
    expect(wordingFor(grants.emails, { message: 'cabinet-reminder', caseTitle: 'Grant' })).toEqual({
      subject: 'Reminder: Grant is waiting',
      lead: 'The Cabinet decision deadline is close and the case is still waiting for this step.',
      due: 'The deadline is',
    });
    expect(wordingFor(grants.emails, { message: 'council-overdue', caseTitle: 'Grant' })).toEqual({
      subject: 'Escalation: the Council decision deadline passed for Grant',
      lead: 'The Council decision deadline has passed without the step being recorded.',
      due: 'The deadline was',
    });
  });

  it('does not borrow another template’s wording', () => {
    expect(
      wordingFor(grants.emails, { message: 'agreement-requested', caseTitle: 'Grant' }),
    ).toEqual({
      subject: 'Update on Grant',
      lead: 'The case has moved on. See the case for details.',
    });
  });

  it('says plainly that the case moved on when the case’s template is not known', () => {
    expect(wordingFor(undefined, { message: 'agreement-requested', caseTitle: 'X' }).subject).toBe(
      'Update on X',
    );
  });
});
