import { answerBox, checkAnswerBox, MAX_ANSWER_TEXT } from './link-answer-box';
import { LinkFormError } from './link.errors';

/** The box and words a LinkFormError gives, or 'accepted'. */
function refusal(response: string, form: Record<string, string>, missing?: string) {
  try {
    checkAnswerBox(
      response,
      form,
      missing ? { reject: { answer: 'you refer it back', note: 'Why', missing } } : undefined,
    );
    return 'accepted';
  } catch (e) {
    if (!(e instanceof LinkFormError)) throw e;
    return { field: e.field, problem: e.problem };
  }
}

describe('the text box a link’s answer is given with', () => {
  it('gives comments to approving with comments, reasons to rejecting, the interest to declaring one, none to the rest', () => {
    expect(
      ['approveWithComments', 'reject', 'declareInterest', 'approve', 'constructor', ''].map(
        answerBox,
      ),
    ).toEqual(['comments', 'reasons', 'interest', undefined, undefined, undefined]);
  });

  it('refuses the chosen answer’s empty box at that box, in the template’s words where it has them', () => {
    expect(refusal('reject', { reasons: '  ', comments: 'fine' })).toEqual({
      field: 'reasons',
      problem: 'Give your reasons for rejecting.',
    });
    expect(refusal('reject', {}, 'Write why it goes back.')).toEqual({
      field: 'reasons',
      problem: 'Write why it goes back.',
    });
    expect(refusal('approveWithComments', { reasons: 'why' })).toEqual({
      field: 'comments',
      problem: 'Write your comments, or choose approve.',
    });
    expect(refusal('declareInterest', { interest: '' })).toEqual({
      field: 'interest',
      problem: 'Describe the interest you declare.',
    });
  });

  it('refuses too long a text in the chosen box at that box, never one left in a hidden box', () => {
    const long = 'x'.repeat(MAX_ANSWER_TEXT + 1);
    expect(refusal('approveWithComments', { comments: long })).toEqual({
      field: 'comments',
      problem: `Keep your comments and reasons under ${MAX_ANSWER_TEXT} characters.`,
    });
    expect(refusal('reject', { reasons: 'x'.repeat(MAX_ANSWER_TEXT) })).toBe('accepted');
    expect(refusal('reject', { reasons: 'too late', comments: long, interest: long })).toBe(
      'accepted',
    );
    expect(refusal('approve', { comments: long, reasons: long })).toBe('accepted');
  });
});
