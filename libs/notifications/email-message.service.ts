import { escapeHtml } from '../core/escape-html';
import type { CaseEmailFacts, TemplateEmails } from '../workflows/template-emails';
import { wordingFor } from './email-wording.service';

/**
 * What an outbox email row carries, written by the engine's effect planner: with the case's facts
 * its wording reads (`signer`), as the template's emails took them from the case when it was planned.
 */
export interface EmailPayload extends CaseEmailFacts {
  message: string;
  role: string;
  actingAs: string;
  to: { id: string; name: string; email: string };
  caseTitle: string;
  caseVersion: number;
  deadline?: string | null;
  workingDaysLeft?: number | null;
  documents?: { name: string; sha256: string }[];
  linkId?: string | null;
  /** Why this email came again (a new version of a document replaced the one sent), if it did. */
  note?: string;
}

/** Made once (each email's due line used to make its own, a cost the outbox's profile showed). */
const WEEKDAY_DATE = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "Tuesday 16 November 2021", as a council writes it (ICU's en-GB puts a comma after the weekday). */
export function dateInWords(date: string): string {
  const parts = WEEKDAY_DATE.formatToParts(new Date(`${date}T00:00:00Z`));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/**
 * The email for one outbox row, as HTML and plain text with the same content: real headings, link
 * text that makes sense on its own, nothing said only by colour or images.
 */
export function renderEmail(
  effectId: string,
  p: EmailPayload,
  /** The emails of the case's template (`template.emails`): what each message says. */
  emails: TemplateEmails | undefined,
  opts: { actionUrl: string | null; caseReference: string; caseUrl: string; calendarUrl?: string },
) {
  const worded = wordingFor(emails, p);
  // The case's reference in the subject, so that a reply or a search of the inbox finds it.
  const w = { ...worded, subject: `${worded.subject} (${opts.caseReference})` };
  // The date in words alone: the reader is a person on a phone, not a parser.
  const dueLine = w.due && p.deadline ? `${w.due} ${dateInWords(p.deadline)}.` : null;
  const remaining =
    p.workingDaysLeft !== null && p.workingDaysLeft !== undefined
      ? `${p.workingDaysLeft} working ${p.workingDaysLeft === 1 ? 'day remains' : 'days remain'}.`
      : null;
  const docs = p.documents ?? [];
  const linkText = `Review and respond to ${p.caseTitle}`;
  const text = [
    `Dear ${p.to.name},`,
    '',
    w.subject,
    '',
    `Case reference: ${opts.caseReference}`,
    '',
    w.lead,
    '',
    ...(p.note ? [p.note, ''] : []),
    `You receive this as ${p.actingAs}.`,
    ...(dueLine ? [dueLine] : []),
    ...(remaining ? [remaining] : []),
    ...(docs.length
      ? [
          '',
          opts.actionUrl
            ? 'Documents attached for you to read (open them from the link below):'
            : 'Documents:',
          ...docs.map((d) => `- ${d.name} (SHA-256 ${d.sha256})`),
        ]
      : []),
    '',
    ...(opts.actionUrl
      ? [
          `${linkText}:`,
          opts.actionUrl,
          '',
          'The link is for you alone and works once. Opening it changes nothing until you confirm your answer.',
        ]
      : [`Case details: ${opts.caseUrl}`]),
    ...(opts.calendarUrl
      ? ['', `Your open requests in your calendar (ICS): ${opts.calendarUrl}`]
      : []),
  ].join('\n');
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(w.subject)}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c;">
<h1 style="font-size: 24px;">${escapeHtml(w.subject)}</h1>
<p>Dear ${escapeHtml(p.to.name)},</p>
<p>Case reference: <strong>${escapeHtml(opts.caseReference)}</strong></p>
<p>${escapeHtml(w.lead)}</p>
${p.note ? `<p><strong>${escapeHtml(p.note)}</strong></p>\n` : ''}<h2 style="font-size: 19px;">Why you</h2>
<p>You receive this as ${escapeHtml(p.actingAs)}.</p>
${dueLine || remaining ? `<h2 style="font-size: 19px;">When</h2>\n<p>${escapeHtml([dueLine, remaining].filter(Boolean).join(' '))}</p>` : ''}
${
  docs.length
    ? `<h2 style="font-size: 19px;">Documents</h2>\n${opts.actionUrl ? '<p>Attached for you to read: open them from the link below.</p>\n' : ''}<ul>${docs.map((d) => `<li>${escapeHtml(d.name)}<br>SHA-256: <code>${escapeHtml(d.sha256)}</code></li>`).join('')}</ul>`
    : ''
}
${
  opts.actionUrl
    ? `<p><a href="${escapeHtml(opts.actionUrl)}" style="color: #1d70b8; font-weight: bold;">${escapeHtml(linkText)}</a></p>
<p>The link is for you alone and works once. Opening it changes nothing until you confirm your answer.</p>`
    : `<p><a href="${escapeHtml(opts.caseUrl)}" style="color: #1d70b8;">See the case ${escapeHtml(p.caseTitle)}</a></p>`
}
${opts.calendarUrl ? `<p><a href="${escapeHtml(opts.calendarUrl)}" style="color: #1d70b8;">Add your open requests to your calendar</a></p>` : ''}
</body></html>`;
  return { subject: w.subject, text, html, messageId: `<${effectId}@ratify.invalid>` };
}
