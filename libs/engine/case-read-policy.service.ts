import { scopeOf } from '../core/tenant-scope';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ShownEvidence, TrailLink } from '../audit/answer-evidence.service';
import { CaseNotFoundError } from '../errors/domain.errors';
import type { Actor } from '../core/actor.dto';
import { CaseReadersRepository } from './case-readers.repository';

/**
 * Who may read what: the one place that decides (README, "Who may read what").
 *
 * - Tenant readers read every case of their tenant, exempt (Part 2) content and the IP address and
 *   browser (user agent) recorded as evidence of an answer by email link: democratic support
 *   officers (people.is_officer), and anyone with a staff account that is not disabled (officer,
 *   governance lead, administrator: the staff pages already show them every case).
 * - Anyone else reads only the cases they have or had a part in (held a role, were awaited, sent
 *   an event: case-readers.repository.ts; so the sender of an event may read the case it left,
 *   ReadCaseUseCase.afterSend), exempt content of those cases included, but the IP
 *   address and browser only of their own answers. Another case reads as one that does not exist
 *   (404 CASE_NOT_FOUND, as another tenant's case does).
 */
export interface Reader {
  tenantId: string;
  personId: string;
  /** Why the reader reads the whole tenant, or `null` for a reader of their own cases only. */
  tenantWide: 'officer' | 'staff' | null;
}

/** What replaces exempt (Part 2) content for a reader not entitled to it (as the public register says). */
export const WITHHELD_EXEMPT = 'Withheld: exempt information (Part 2)';

/** Client evidence (IP address, browser) recorded with an answer by email link. */
type Evidence = { ip?: unknown; userAgent?: unknown; [k: string]: unknown };

@Injectable()
export class CaseReadPolicy {
  constructor(
    private readonly ds: DataSource,
    private readonly readers: CaseReadersRepository,
  ) {}

  /** The reader an API key's person is: an officer, staff, or a person reading their own cases. */
  async readerFor(actor: Actor): Promise<Reader> {
    if (actor.kind !== 'person')
      throw new Error('reads are made by people; the system reads without a reader');
    const p = actor.person;
    const tenantWide = p.isOfficer
      ? 'officer'
      : (await this.readers.staffRole(scopeOf(actor), this.ds.manager, p.id))
        ? 'staff'
        : null;
    return { tenantId: actor.tenantId, personId: p.id, tenantWide };
  }

  /** A signed-in member of staff (the staff pages): every staff role reads the whole tenant. */
  static staffReader(staff: { tenantId: string; person: { id: string } }): Reader {
    return { tenantId: staff.tenantId, personId: staff.person.id, tenantWide: 'staff' };
  }

  /** Refuses a case the reader may not read exactly as a case that does not exist. */
  async requireCase(reader: Reader, caseId: string): Promise<void> {
    if (reader.tenantWide) return; // the read itself answers CASE_NOT_FOUND for another tenant's case
    const mine = await this.readers.participatesIn(
      scopeOf(reader),
      this.ds.manager,
      reader.personId,
      [caseId],
    );
    if (!mine.has(caseId)) throw new CaseNotFoundError(caseId);
  }

  /** Which of `caseIds` the reader may read, with their exempt (Part 2) content. */
  async readable(reader: Reader, caseIds: string[]): Promise<Set<string>> {
    if (reader.tenantWide) return new Set(caseIds);
    return this.readers.participatesIn(scopeOf(reader), this.ds.manager, reader.personId, caseIds);
  }

  /** The filter a case list takes: a person's own cases only, unless they read the whole tenant. */
  static listScope(reader: Reader): { participantId?: string } {
    return reader.tenantWide ? {} : { participantId: reader.personId };
  }

  /** Whether the reader sees the IP address and browser recorded when `subjectPersonId` answered. */
  static seesClientOf(reader: Reader, subjectPersonId: string | null | undefined): boolean {
    return reader.tenantWide !== null || subjectPersonId === reader.personId;
  }

  /**
   * The audit trail as the reader may see it: other people's IP address and browser left out,
   * from the links written before docs/adr/0020's cut-over that hold them and from the evidence
   * kept beside the later ones.
   */
  static trailFor(reader: Reader, links: TrailLink[]): TrailLink[] {
    if (reader.tenantWide) return links;
    return links.map((l) => {
      const event = l.event as { evidence?: Evidence };
      const actor = l.actor as { personId?: string };
      if (!event.evidence || CaseReadPolicy.seesClientOf(reader, actor.personId)) return l;
      const { ip: _ip, userAgent: _ua, ...evidence } = event.evidence;
      const kept = l.personalEvidence;
      const withheld: ShownEvidence | undefined = kept
        ? { state: 'withheld', stepUpEmail: kept.state === 'kept' ? kept.stepUpEmail : null }
        : undefined;
      return {
        ...l,
        event: { ...event, evidence: { ...evidence, client: 'withheld' } },
        ...(withheld ? { personalEvidence: withheld } : {}),
      };
    });
  }

  /** A case is exempt when it is a private (Part 2) item: the JCB templates record it in their context. */
  static isExempt(context: unknown): boolean {
    const p = (context as { notices?: { privateItem?: unknown } } | null)?.notices?.privateItem;
    return typeof p === 'object' && p !== null;
  }

  /**
   * A meeting's agenda as the reader may see it: a private (Part 2) item's content (its title, the
   * nature of interests declared on it, and every line quoting them) is withheld unless the reader
   * reads the whole tenant or has a part in the item's case. That it is private, and why, stays.
   */
  async agendaFor<
    I extends {
      title: string;
      caseId: string | null;
      part2Reasons: string | null;
      declarations: { details: string }[];
    },
  >(reader: Reader, items: I[]): Promise<I[]> {
    if (reader.tenantWide) return items;
    const linked = items.flatMap((i) => (i.part2Reasons && i.caseId ? [i.caseId] : []));
    const entitled = await this.readable(reader, [...new Set(linked)]);
    return items.map((item) => {
      if (!item.part2Reasons || (item.caseId && entitled.has(item.caseId))) return item;
      const secrets = [item.title, ...item.declarations.map((d) => d.details)]
        .filter((s) => s.trim().length > 0)
        .sort((a, b) => b.length - a.length);
      const withheld = withholdStrings(item, secrets) as I;
      return { ...withheld, title: WITHHELD_EXEMPT, caseId: null };
    });
  }
}

/** `value` with every occurrence of each secret in its strings replaced (part2Reasons excepted: public). */
function withholdStrings(value: unknown, secrets: string[], key?: string): unknown {
  if (typeof value === 'string')
    return key === 'part2Reasons'
      ? value
      : secrets.reduce((s, secret) => s.split(secret).join(WITHHELD_EXEMPT), value);
  if (Array.isArray(value)) return value.map((v) => withholdStrings(v, secrets));
  if (value && typeof value === 'object' && !(value instanceof Date))
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, withholdStrings(v, secrets, k)]),
    );
  return value;
}
