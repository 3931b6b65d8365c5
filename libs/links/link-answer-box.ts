import type { LinkAnswers } from '../workflows/template-emails';
import { type AnswerBox, LinkFormError } from './link.errors';

/** Longer text in a box is refused (the box named), never cut. */
export const MAX_ANSWER_TEXT = 4000;

/** The text box each answer is given with; the other answers have none. */
const ANSWER_BOX: Readonly<Record<string, AnswerBox>> = {
  approveWithComments: 'comments',
  reject: 'reasons',
  declareInterest: 'interest',
};

/** What the page says when the box is empty, unless the template words it (LinkAnswers). */
const MISSING: Record<AnswerBox, (answers?: LinkAnswers) => string> = {
  comments: (a) => a?.approveWithComments?.missing ?? 'Write your comments, or choose approve.',
  reasons: (a) => a?.reject?.missing ?? 'Give your reasons for rejecting.',
  interest: () => 'Describe the interest you declare.',
};

/** The box `response` is given with, if it has one. */
export function answerBox(response: string): AnswerBox | undefined {
  return Object.hasOwn(ANSWER_BOX, response) ? ANSWER_BOX[response] : undefined;
}

/**
 * Refuses the chosen answer's box when it is empty or too long, with a LinkFormError naming that
 * box (the page shows the error at it). Only the chosen answer's box: the page hides the others
 * (GOV.UK conditional radios), and what is left in a hidden box is never recorded, so it cannot be
 * what refuses the answer.
 */
export function checkAnswerBox(
  response: string,
  form: Partial<Record<AnswerBox, string>>,
  answers?: LinkAnswers,
): void {
  const box = answerBox(response);
  if (!box) return;
  const text = form[box] ?? '';
  if (!text.trim()) throw new LinkFormError(MISSING[box](answers), box);
  if (text.length > MAX_ANSWER_TEXT)
    throw new LinkFormError(
      `Keep your comments and reasons under ${MAX_ANSWER_TEXT} characters.`,
      box,
    );
}
