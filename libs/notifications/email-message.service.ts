/** What an outbox email row carries, written by the engine's effect planner. */
export interface EmailPayload {
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
}

interface Wording {
  subject: string;
  /** What is asked or what happened, in one or two sentences. */
  lead: string;
  /** The words of the deadline line, or null when there is none to show. */
  due?: string;
}

const WORDING: Record<string, (p: EmailPayload) => Wording> = {
  'agreement-requested': (p) => ({
    subject: `Your agreement is needed: ${p.caseTitle}`,
    lead: `Please read the plan and say whether you agree it. The HWBB chair approves it under delegation once both the Chief Executive and the Accountable Officer agree.`,
    due: 'Agreement is needed before the national submission deadline',
  }),
  'approval-requested': (p) => ({
    subject: `Your approval is needed under delegation: ${p.caseTitle}`,
    lead: `The Chief Executive and the Accountable Officer have agreed the plan. Please approve it, or reject it with reasons, under the Board's delegation.`,
    due: 'Approval is needed before the national submission deadline',
  }),
  'plan-rejected': (p) => ({
    subject: `Plan returned to drafting: ${p.caseTitle}`,
    lead: 'The plan was rejected with reasons and has returned to drafting. Both agreements must be given again.',
  }),
  'ready-to-submit': (p) => ({
    subject: `Approved and ready to submit: ${p.caseTitle}`,
    lead: 'The plan has been approved under delegation. Submit it to the regional BCF team and record the submission.',
    due: 'Submit by',
  }),
  'submission-reminder': (p) => ({
    subject: `Reminder: ${p.caseTitle} is waiting for you`,
    lead: 'The case is still waiting for your response.',
    due: 'The national submission deadline is',
  }),
  'submission-overdue': (p) => ({
    subject: `Escalation: submission deadline passed for ${p.caseTitle}`,
    lead: 'The national submission deadline has passed and the plan has not been recorded as submitted.',
    due: 'The deadline was',
  }),
  'assurance-overdue': (p) => ({
    subject: `Assurance outcome overdue: ${p.caseTitle}`,
    lead: 'The regional assurance outcome was expected and has not been recorded. Please chase the regional BCF team.',
    due: 'It was expected by',
  }),
  'plan-not-approved': (p) => ({
    subject: `Not approved by the regional team: ${p.caseTitle}`,
    lead: 'The regional team did not approve the plan. It returns to drafting for revision, fresh agreement and resubmission.',
  }),
  'noting-required': (p) => ({
    subject: `The HWBB must note the delegated approval: ${p.caseTitle}`,
    lead: 'Because the plan was approved under delegation, the Health and Wellbeing Board must note the approval at a meeting.',
    due: 'It must be noted before',
  }),
  'noting-reminder': (p) => ({
    subject: `Reminder: the HWBB has not yet noted ${p.caseTitle}`,
    lead: 'The Board has not yet noted the delegated approval.',
    due: 'It must be noted before',
  }),
  'noting-overdue': (p) => ({
    subject: `Escalation: noting deadline passed for ${p.caseTitle}`,
    lead: 'The Board did not note the delegated approval before the deadline.',
    due: 'The deadline was',
  }),
  'reassign-needed': (p) => ({
    subject: `Reassign a role on ${p.caseTitle}`,
    lead: 'Someone who withdrew after declaring an interest would be asked next. Reassign their role to a deputy so that the case can go on.',
  }),
  'interest-declared': (p) => ({
    subject: `Interest declared on ${p.caseTitle}`,
    lead: 'Someone asked to agree or approve has declared an interest. If they withdrew, reassign their role to a deputy so that the case can go on.',
  }),
  'case-closed': (p) => ({
    subject: `Closed: ${p.caseTitle}`,
    lead: 'The plan is assured and the delegated approval has been noted. The case is closed.',
  }),
};

/** "Tuesday 16 November 2021", as a council writes it (ICU's en-GB puts a comma after the weekday). */
export function dateInWords(date: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(new Date(`${date}T00:00:00Z`));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * The email for one outbox row, as HTML and plain text with the same content: real headings, link
 * text that makes sense on its own, nothing said only by colour or images.
 */
export function renderEmail(
  effectId: string,
  p: EmailPayload,
  opts: { actionUrl: string | null; caseUrl: string; calendarUrl?: string },
) {
  const w = (
    WORDING[p.message] ??
    ((x: EmailPayload) => ({ subject: `Update on ${x.caseTitle}`, lead: 'The case has changed.' }))
  )(p);
  const dueLine =
    w.due && p.deadline ? `${w.due} ${dateInWords(p.deadline)} (${p.deadline}).` : null;
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
    w.lead,
    '',
    `You receive this as ${p.actingAs}.`,
    ...(dueLine ? [dueLine] : []),
    ...(remaining ? [remaining] : []),
    ...(docs.length
      ? ['', 'Documents:', ...docs.map((d) => `- ${d.name} (SHA-256 ${d.sha256})`)]
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
<html lang="en"><head><meta charset="utf-8"><title>${escape(w.subject)}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c;">
<h1 style="font-size: 24px;">${escape(w.subject)}</h1>
<p>Dear ${escape(p.to.name)},</p>
<p>${escape(w.lead)}</p>
<h2 style="font-size: 19px;">Why you</h2>
<p>You receive this as ${escape(p.actingAs)}.</p>
${dueLine || remaining ? `<h2 style="font-size: 19px;">When</h2>\n<p>${escape([dueLine, remaining].filter(Boolean).join(' '))}</p>` : ''}
${
  docs.length
    ? `<h2 style="font-size: 19px;">Documents</h2>\n<ul>${docs.map((d) => `<li>${escape(d.name)}<br>SHA-256: <code>${escape(d.sha256)}</code></li>`).join('')}</ul>`
    : ''
}
${
  opts.actionUrl
    ? `<p><a href="${escape(opts.actionUrl)}" style="color: #1d70b8; font-weight: bold;">${escape(linkText)}</a></p>
<p>The link is for you alone and works once. Opening it changes nothing until you confirm your answer.</p>`
    : `<p><a href="${escape(opts.caseUrl)}" style="color: #1d70b8;">See the case ${escape(p.caseTitle)}</a></p>`
}
${opts.calendarUrl ? `<p><a href="${escape(opts.calendarUrl)}" style="color: #1d70b8;">Add your open requests to your calendar</a></p>` : ''}
</body></html>`;
  return { subject: w.subject, text, html, messageId: `<${effectId}@ratify.invalid>` };
}
