import { findTemplate } from '../workflows/template.registry';
import { renderEmail, type EmailPayload } from './email-message.service';

/** An email names its case by its reference (issue #12, docs/adr/0038), never by its id. */
describe('an email about a case', () => {
  const bcf = findTemplate('bcf-delegated-sign-off', 1)!;
  const payload: EmailPayload = {
    message: 'agreement-requested',
    role: 'chiefExecutive',
    actingAs: 'Chief Executive',
    to: {
      id: '3f0c1f4e-8a34-4b5e-9a43-4b0fbd7c1a2e',
      name: 'Kit Morrow',
      email: 'kit@example.org',
    },
    caseTitle: 'BCF plan 2025',
    caseVersion: 1,
  };
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

  it('gives the reference in its subject and body, and links to the case by it', () => {
    const mail = renderEmail('5d1f6a2c-1e1f-4a55-9a0b-2b1c3d4e5f60', payload, bcf.emails, {
      actionUrl: null,
      caseReference: 'SCC-2026-0042',
      caseUrl: 'https://ratify.example.org/cases/by-reference/SCC-2026-0042',
    });
    expect(mail.subject).toBe('Your agreement is needed: BCF plan 2025 (SCC-2026-0042)');
    expect(mail.text).toContain('Case reference: SCC-2026-0042');
    expect(mail.html).toContain('Case reference: <strong>SCC-2026-0042</strong>');
    expect(mail.text).toContain(
      'Case details: https://ratify.example.org/cases/by-reference/SCC-2026-0042',
    );
    expect([mail.subject, mail.text, mail.html].filter((t) => UUID.test(t))).toEqual([]);
  });

  it('says by when in words alone, never as an ISO date', () => {
    const mail = renderEmail(
      '5d1f6a2c-1e1f-4a55-9a0b-2b1c3d4e5f60',
      { ...payload, deadline: '2021-11-16' },
      bcf.emails,
      {
        actionUrl: null,
        caseReference: 'SCC-2026-0042',
        caseUrl: 'https://ratify.example.org/cases/by-reference/SCC-2026-0042',
      },
    );
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain(
        'Agreement is needed before the national submission deadline Tuesday 16 November 2021.',
      );
      expect(body).not.toContain('2021-11-16');
    }
  });
});
