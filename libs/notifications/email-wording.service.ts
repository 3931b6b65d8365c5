import {
  wordingOf,
  type EmailFacts,
  type EmailWording,
  type MessageWording,
  type TemplateEmails,
} from '../workflows/template-emails';

export type Wording = EmailWording;

/**
 * What the engine's lifecycle around every workflow says (ADR 0012), whatever the template: the
 * reason is the email's note.
 */
const LIFECYCLE: Record<string, MessageWording> = {
  'case-withdrawn': (p) => ({
    subject: `Withdrawn: ${p.caseTitle}`,
    lead: 'The case has been withdrawn. Nothing more is needed from you: the request sent to you is closed and its link no longer works.',
  }),
};

/**
 * The wording of one email, read off the emails of its case's template (`template.emails`, kept
 * in `libs/workflows/<t>/<t>.emails.ts`), or the lifecycle's: this library never names a template. A message with
 * none (a template bug the template contract spec catches) says so plainly rather than failing.
 */
export function wordingFor(
  emails: TemplateEmails | undefined,
  p: EmailFacts & { message: string },
): Wording {
  const w =
    (emails ? wordingOf(emails, p.message) : null) ??
    (Object.hasOwn(LIFECYCLE, p.message) ? LIFECYCLE[p.message] : null);
  return w
    ? w(p)
    : {
        subject: `Update on ${p.caseTitle}`,
        lead: 'The case has moved on. See the case for details.',
      };
}
