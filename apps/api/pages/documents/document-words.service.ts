import { isInline } from '../../../../libs/documents/content-sniffer.service';
import { sizeInWords } from '../../../../libs/documents/document-settings.service';
import type { DocumentRow } from '../../../../libs/documents/documents.repository';

const TYPE_WORDS: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel spreadsheet',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'text/csv': 'CSV file',
  'text/plain': 'text file',
};

export const KIND_WORDS: Record<string, string> = {
  plan: 'Plan',
  report: 'Report',
  appendix: 'Appendix',
  part2Appendix: 'Part 2 appendix (exempt)',
  backgroundPaper: 'Background paper',
};

/** The personal data kinds of the retention schedule, in words (retention-schedule.ts). */
export const PERSONAL_DATA_WORDS: Record<string, string> = {
  linkEvidence: 'Evidence of emailed links (IP addresses, browsers, step-up email addresses)',
  emailRecipients: 'Email addresses in sent emails',
};

/** "Tuesday 16 November 2021 at 2:05pm": an instant in words, in London. */
export function timeInWords(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
    timeZone: 'Europe/London',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')} at ${part('hour')}:${part('minute')}${part('dayPeriod').toLowerCase().replace(/\s/g, '')}`;
}

/** A document version as the pages describe it, in people's words. */
export function documentWords(d: DocumentRow | null) {
  if (!d) return { title: 'A document no longer held', available: false, how: '' };
  return {
    title: d.name,
    version: d.version,
    kind: KIND_WORDS[d.kind] ?? d.kind,
    type: TYPE_WORDS[d.mediaType] ?? d.mediaType,
    size: sizeInWords(d.sizeBytes),
    uploadedAt: timeInWords(d.uploadedAt),
    uploadedBy: d.uploadedByName ?? 'the API',
    available: !d.disposedAt,
    how: isInline(d.mediaType) ? 'opens in your browser' : 'downloads to your device',
    disposed: d.disposedAt ? `${timeInWords(d.disposedAt)} (${d.disposalRule ?? ''})` : null,
    legalHold: d.legalHold,
  };
}
