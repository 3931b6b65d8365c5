import { Injectable } from '@nestjs/common';
import { CaseViewService, CaseView } from '../engine/case-view.service';
import { tenantScope } from '../core/tenant-scope';
import { ChainFinding } from './audit-chain.service';
import { CertificateRepository } from './certificate.repository';
import { VerifyAuditUseCase } from './verify-audit.use-case';
import type { ShownEvidence, TrailLink } from './answer-evidence.service';
import { timeInWords } from '../staff/staff-sessions.use-case';

export interface CertificateEntry {
  at: string;
  /** `check`: a HEAD of a link (what mail scanners send): nobody was shown anything. */
  kind: 'request' | 'view' | 'check' | 'response' | 'reminder' | 'escalation' | 'email' | 'step';
  who: string;
  what: string;
  detail: string;
}

export interface Certificate {
  case: CaseView;
  entries: CertificateEntry[];
  chain: ChainFinding;
  documents: { name: string; sha256: string; current: boolean }[];
}

/**
 * What the caller has read of the case already (the case page shows the same view and trail):
 * given, the certificate reads them no second time.
 */
export interface CertificateRead {
  view: CaseView;
  trail: TrailLink[];
  chain: ChainFinding;
}

/** What a reader who may not see someone's IP address and browser reads instead. */
const CLIENT_WITHHELD = 'IP address and browser withheld';

/**
 * The certificate of completion: every request, view, response, reminder and step of a case in
 * time order, with the evidence of each, and the state of the audit chain, as DocuSign gives.
 */
@Injectable()
export class CertificateService {
  constructor(
    private readonly rows: CertificateRepository,
    private readonly views: CaseViewService,
    private readonly audit: VerifyAuditUseCase,
  ) {}

  /**
   * The certificate's page: the chain in words and one row per entry, its time written by `when`
   * (the pages' words on London's clock).
   */
  static pageModel(cert: Certificate, when: (at: string) => string) {
    const chainWords = cert.chain.ok
      ? `intact: ${cert.chain.records} records, head ${cert.chain.headHash}`
      : `BROKEN at record ${cert.chain.atSeq}: ${cert.chain.detail}`;
    const row = (e: CertificateEntry) => [
      { text: when(e.at) },
      { text: e.kind },
      { text: e.who },
      { text: e.what },
      { text: e.detail },
    ];
    // A scanner's HEADs are kept apart from the record of what people saw and did.
    const rows = cert.entries.filter((e) => e.kind !== 'check').map(row);
    const checks = cert.entries.filter((e) => e.kind === 'check').map(row);
    return { cert, chainWords, rows, checks };
  }

  /**
   * `clientShown` says whose IP address and browser the reader may see (the read policy decides:
   * libs/engine/case-read-policy.service.ts); everyone's by default, as the staff pages show them.
   */
  async build(
    tenantId: string,
    caseId: string,
    clientShown: (personId: string | null) => boolean = () => true,
    read?: CertificateRead,
  ): Promise<Certificate> {
    const view = read?.view ?? (await this.views.get(tenantId, caseId));
    const scope = tenantScope(tenantId);
    const entries: CertificateEntry[] = [];
    const people = await this.rows.people(scope);
    const name = (id: string | null) => people.find((p) => p.id === id)?.name ?? 'unknown person';

    const links = await this.rows.links(scope, caseId);
    for (const l of links) {
      entries.push({
        at: l.created_at.toISOString(),
        kind: 'request',
        who: name(l.person_id),
        what: `${l.request} (link ${l.id.slice(0, 8)})`,
        detail: `as ${l.role}; documents ${l.document_hashes.map((d) => d.sha256.slice(0, 12)).join(', ') || 'none'}; now ${l.status}`,
      });
    }
    // Retention's disposals of the case's personal data, by kind: when, to say so where it was.
    const { trail, chain } = read ?? (await this.audit.verifiedTrail(tenantId, caseId));
    const disposedOn = (kind: string): string | undefined => {
      const r = trail.find((x) => {
        const e = x.event as { type?: string; kind?: string };
        return e.type === 'PERSONAL_DATA_DISPOSED' && e.kind === kind;
      });
      return r
        ? `disposed of on ${timeInWords(new Date(r.recordedAt))} under the retention schedule`
        : undefined;
    };
    const linkViews = await this.rows.linkViews(scope, caseId);
    for (const v of linkViews) {
      const l = links.find((x) => x.id === v.link_id);
      entries.push({
        at: v.viewed_at.toISOString(),
        kind: v.method.startsWith('HEAD') ? 'check' : 'view',
        who: name(l?.person_id ?? null),
        what: `${v.method} of link ${v.link_id.slice(0, 8)}`,
        detail: !clientShown(l?.person_id ?? null)
          ? CLIENT_WITHHELD
          : v.ip === null && v.user_agent === null && disposedOn('linkEvidence')
            ? `IP address and browser ${disposedOn('linkEvidence')}`
            : `IP ${v.ip ?? 'unknown'}; ${v.user_agent ?? 'no user agent'}`,
      });
    }
    const emails = await this.rows.emails(scope, caseId);
    for (const e of emails) {
      const kind = e.payload.message.endsWith('-reminder')
        ? 'reminder'
        : e.payload.message.endsWith('-overdue')
          ? 'escalation'
          : 'email';
      entries.push({
        at: (e.done_at ?? e.created_at).toISOString(),
        kind,
        who: e.payload.to.name,
        what: e.payload.message,
        detail:
          (e.status === 'done'
            ? 'delivered'
            : e.status === 'failed'
              ? `failed: ${e.last_error ?? ''}`
              : 'waiting to be sent') +
          (e.payload.personalDataDisposedAt
            ? `; the address ${disposedOn('emailRecipients') ?? 'disposed of under the retention schedule'}`
            : ''),
      });
    }
    for (const r of trail) {
      const actor = r.actor as { kind: string; name?: string; job?: string; personId?: string };
      const evidence = (r.event as { evidence?: { linkId?: string; stepUp?: StepUpShown } })
        .evidence;
      entries.push({
        at: r.recordedAt,
        kind: evidence ? 'response' : 'step',
        who: actor.name ?? actor.job ?? actor.kind,
        what: (r.event as { type: string }).type,
        detail: evidence
          ? `through link ${evidence.linkId?.slice(0, 8)}; ${stepUpInWords(evidence.stepUp, r.personalEvidence)}${clientInWords(r.personalEvidence, clientShown(actor.personId ?? null))}; audit record ${r.seq}`
          : `${r.fromState ?? '(opened)'} → ${r.toState}; audit record ${r.seq}`,
      });
    }
    entries.sort((a, b) => a.at.localeCompare(b.at));
    const docs = await this.rows.documents(scope, caseId);
    return {
      case: view,
      entries,
      chain,
      documents: docs.map((d) => ({
        name: d.name,
        sha256: d.sha256,
        current: d.replaced_by === null,
      })),
    };
  }
}

/** The step-up before an answer by link, as the link records it (libs/links/link-step-up.service.ts). */
interface StepUpShown {
  method: string;
  verifiedAt: string;
  /** Only in links written before docs/adr/0020's cut-over: later, beside the link. */
  email?: string;
  provider?: string;
}

/** "identity confirmed through X's sign-in as a@b on 1 August 2025 at 10:04am; " or nothing. */
function stepUpInWords(s: StepUpShown | undefined, kept: ShownEvidence | undefined): string {
  if (!s) return '';
  const email =
    kept?.state === 'kept' || kept?.state === 'withheld'
      ? (kept.stepUpEmail ?? 'an address no longer kept')
      : kept?.state === 'erased'
        ? 'an address disposed of under the retention schedule'
        : (s.email ?? 'an address no longer kept');
  const how =
    s.method === 'organisation-sign-in'
      ? `through ${s.provider ?? 'the organisation'}’s sign-in as ${email}`
      : `by a code emailed separately to ${email}`;
  return `identity confirmed ${how} on ${timeInWords(new Date(s.verifiedAt))}; `;
}

/** The answer's IP address and browser, as kept beside (or, before the cut-over, in) its link. */
function clientInWords(kept: ShownEvidence | undefined, shown: boolean): string {
  if (!shown || kept?.state === 'withheld') return CLIENT_WITHHELD;
  if (!kept || kept.state === 'missing')
    return 'IP address and browser MISSING: the record committed to them, and they were not disposed of';
  if (kept.state === 'erased')
    return `IP address and browser disposed of on ${timeInWords(new Date(kept.erasedAt))} under the retention schedule`;
  const check =
    kept.matchesChain === null
      ? ''
      : kept.matchesChain
        ? ' (matches the audit record)'
        : ' (DOES NOT match the audit record: altered since)';
  return `IP ${kept.ip ?? 'unknown'}; ${kept.userAgent ?? ''}${check}`;
}
