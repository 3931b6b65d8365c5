import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import { holderOnSql } from '../directory/office.repository';
import type { RoleBinding } from '../governance/authority.service';
import { knownVersions, OFFICER_TEMPLATES, type PublishingVersion } from './register-shape.service';

/** A case that may carry a published decision, as read to build its notice, with its audit chain's head. */
export interface RegisterCaseRow {
  id: string;
  /** The case's reference (docs/adr/0038): public, as the register shows it. */
  reference: string;
  title: string;
  templateId: string;
  templateVersion: number;
  stateKey: string;
  /** The case's snapshot: its context is what the template's Decision Notice is built from. */
  snapshot: { context?: unknown };
  roles: Record<string, RoleBinding>;
  createdBy: string;
  /** The hash of the case's latest audit record: anyone may check it against the case's chain. */
  auditHead: string;
  /** How many records the chain holds (the case's version). */
  auditRecords: number;
  /** The publication date as the register sorts by it (its cursors' key). */
  publishedOn: string | null;
  /** The date the database keeps for a decision the register lists (null for any other case). */
  listedOn: string | null;
  /** Its key-decision answer as kept beside it (null: neither yes nor no, or not listed). */
  keyDecision: boolean | null;
}

/**
 * Which rows of the list a read returns: `limit` of them after a row of the list (`after`), the
 * `limit` just before one (`before`, returned nearest first, that is newest last), or from an
 * `offset` (the addresses made before keyset paging); the first `limit` with none of these.
 */
export interface PublishedPage {
  limit: number;
  after?: { publishedOn: string; id: string };
  before?: { publishedOn: string; id: string };
  offset?: number;
}

/** What the register may be searched by, as the public notices say it. */
export interface PublishedFilter {
  /** Words of the item's title, the decision or the case's title (as the public sees them), or its reference. */
  q?: string;
  decisionMaker?: string;
  keyDecision?: boolean;
  kind?: 'executive' | 'officer';
  callIn?: 'subject' | 'calledIn' | 'implementable';
  from?: string;
  to?: string;
}

/** The publication date, as the case's snapshot holds it. */
const PUBLISHED_ON = `(c.snapshot #>> '{context,publication,publishedOn}')`;
/**
 * The publication date of a decision the register lists, null for any other case: kept from the
 * snapshot's fields below (PUBLISHED_ON where LISTED) by a trigger, in a column, so that its
 * conditions are leakproof and an index serves them under row-level security (ADR 0054).
 */
const LISTED_ON = 'c.register_published_on';

const COLUMNS = `c.id, c.reference, c.title, c.template_id AS "templateId", c.template_version AS "templateVersion",
  c.state_key AS "stateKey", c.snapshot, c.roles, c.created_by AS "createdBy",
  c.audit_head AS "auditHead", c.version AS "auditRecords", ${PUBLISHED_ON} AS "publishedOn",
  c.register_published_on AS "listedOn", c.register_key_decision AS "keyDecision"`;
const X = `(c.snapshot -> 'context')`;
/** JavaScript's truthiness of a jsonb value (absent, null, false, "" and 0 are false). */
const truthy = (v: string) =>
  `coalesce(${v} NOT IN ('null'::jsonb, 'false'::jsonb, '""'::jsonb, '0'::jsonb), false)`;
const nullIfNull = (v: string) => `nullif(${v}, 'null'::jsonb)`;
/**
 * An officer's notice rather than the executive's: a literal list, as the trigger that keeps the
 * register's columns has it (migration 1796441000000); rows are already kept to the publishing
 * versions.
 */
const OFFICER = `c.template_id IN (${OFFICER_TEMPLATES.map((id) => `'${id}'`).join(', ')})`;

/*
 * What each notice builder reads from the context (jcb-delegated-decision/decision-notice.service.ts
 * for the executive's, officer-decision-notice.service.ts for officers'), in SQL: is a key
 * decision, was called in, may be implemented, is subject to call-in. Whether a notice exists and
 * is exempt, and the words searched, are read by the trigger that keeps the register's columns
 * and words (migrations/register-index-expressions.ts): the reads test those.
 */
const KEY_DECISION = `CASE WHEN ${OFFICER} THEN ${X} #> '{matter,keyDecision}'
  ELSE ${X} #> '{notices,keyDecision}' END`;
/** KEY_DECISION of a listed decision when true or false (null else), kept likewise (ADR 0054). */
const LISTED_KEY_DECISION = 'c.register_key_decision';
const URGENT = `(NOT ${OFFICER} AND ${truthy(`${X} -> 'urgencyExemption'`)})`;
/** The notice's call-in status begins "called in on". */
const CALLED_IN = `CASE WHEN ${OFFICER} THEN ${truthy(`${X} -> 'callIn'`)}
  ELSE ${truthy(KEY_DECISION)} AND NOT ${URGENT} AND ${truthy(`${X} -> 'callIn'`)} END`;
const IMPLEMENTABLE_FROM = `coalesce(${nullIfNull(`${X} -> 'implementableOn'`)}, CASE WHEN ${OFFICER}
  THEN CASE WHEN ${truthy(`${X} -> 'callIn'`)} AND NOT ${truthy(`${X} #> '{callIn,outcome}'`)} THEN NULL
    ELSE ${nullIfNull(`${X} #> '{publication,callIn,implementableFrom}'`)} END
  ELSE ${nullIfNull(`${X} #> '{publication,implementableFrom}'`)} END)`;
/** A key decision not exempted from call-in (as urgent, or by the council's settings). */
const SUBJECT = `${truthy(KEY_DECISION)} AND NOT ${URGENT} AND (NOT ${OFFICER}
  OR ${truthy(`${X} -> 'callIn'`)} OR ${truthy(`${X} #> '{publication,callIn}'`)})`;
/**
 * The cases the register lists (of the publishing versions): published (PUBLISHED_ON, not empty),
 * with a notice, as the notice builders read the snapshot. A trigger keeps their date in LISTED_ON
 * and their words in register_words (the reference, an item's title, the decision and the case's
 * title, lower case; the withheld words instead for an exempt one): migration 1796441000000.
 */
const LISTED = [`${LISTED_ON} IS NOT NULL`];
/**
 * The words typed, as the trigger splits the searched text into `register_words`: by ASCII
 * spaces, punctuation and controls (any other character is part of a word).
 */
export function searchWords(typed: string): string[] {
  return typed.split(/[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+/).filter((w) => w !== '');
}
/**
 * The listed decisions one of whose words begins with the word typed at `p`: a range of
 * register_words' key in byte order (lower-cased and cut as the trigger keeps words), its
 * conditions leakproof, so that its index serves them under row-level security.
 */
const withWordFrom = (p: string) => `c.id IN (SELECT rw.case_id FROM register_words rw
  WHERE rw.tenant_id = $1 AND rw.word >= left(lower(${p}), 100)
    AND rw.word < left(lower(${p}), 100) || chr(1114111))`;
/** The person holding the decision maker's role on the `day`, as the directory resolves it. */
const decisionMaker = (day: string) => `CASE c.roles #>> '{decisionMaker,kind}'
  WHEN 'officers' THEN c.created_by
  WHEN 'office' THEN ${holderOnSql('c.tenant_id', `(c.roles #>> '{decisionMaker,officeId}')::uuid`, day)}
  WHEN 'delegation' THEN ${holderOnSql(
    'c.tenant_id',
    `(SELECT dg.delegate_office_id FROM delegations dg WHERE dg.tenant_id = c.tenant_id
       AND dg.id = (c.roles #>> '{decisionMaker,delegationId}')::uuid)`,
    day,
  )} END`;

/**
 * The register's reads: the cases of one council (its scope, ADR 0015) that carry a published
 * decision (the council at a slug is TenantRepository's).
 */
export class RegisterRepository {
  /**
   * The council's cases whose decision is published and matches the filter, newest publication
   * first and then by case, a page of them (all when no page): one query, which reads a page
   * after or before a row through "IDX_cases_register_on" from that row on, however deep.
   */
  async published(
    scope: TenantScope,
    q: Queryable,
    args: {
      versions: PublishingVersion[];
      /**
       * Every template version this build has (knownVersions() unless given): a decision the
       * database lists on any other (a newer build's, in a rolling upgrade) is read too, its
       * notice that build's to make.
       */
      known?: { templateId: string; version: number }[];
      filter: PublishedFilter;
      /** The London date on which the decision maker's role is resolved (as the notice names them). */
      on: string;
      page?: PublishedPage;
    },
  ): Promise<RegisterCaseRow[]> {
    const { versions, filter: f } = args;
    const key = (v: { templateId: string; version: number }) => `${v.templateId}@${v.version}`;
    // The versions this build has that publish no decision the register knows; rows of any other
    // are listed, one on a version this build lacks too (a condition with no OR, so that the page
    // a row reads stays two index seeks, below).
    const listed = new Set(versions.map(key));
    const unlisted = (args.known ?? knownVersions()).map(key).filter((k) => !listed.has(k));
    const params: unknown[] = [scope.tenantId, unlisted];
    const where = [
      'c.tenant_id = $1',
      ...LISTED,
      `NOT (c.template_id || '@' || c.template_version) = ANY($2::text[])`,
    ];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    // Each word typed begins a word of the decision, in any order (ADR 0054).
    for (const word of f.q ? searchWords(f.q) : []) add(withWordFrom, word);
    if (f.decisionMaker) {
      params.push(args.on);
      const day = `$${params.length}`;
      add(
        (p) => `EXISTS (SELECT 1 FROM people pp WHERE pp.tenant_id = c.tenant_id
          AND pp.id = (${decisionMaker(day)}) AND strpos(lower(pp.name), lower(${p})) > 0)`,
        f.decisionMaker,
      );
    }
    if (f.keyDecision !== undefined)
      add((p) => `${LISTED_KEY_DECISION} = ${p}::boolean`, f.keyDecision);
    if (f.kind) where.push(f.kind === 'officer' ? OFFICER : `NOT ${OFFICER}`);
    if (f.callIn === 'calledIn') where.push(`(${CALLED_IN})`);
    if (f.callIn === 'implementable')
      where.push(`${truthy(IMPLEMENTABLE_FROM)} AND NOT (${CALLED_IN})`);
    if (f.callIn === 'subject') where.push(`(${SUBJECT})`);
    if (f.from) add((p) => `${LISTED_ON} >= ${p}`, f.from);
    if (f.to) add((p) => `${LISTED_ON} <= ${p}`, f.to);
    const p = args.page;
    const select = (more: string[], order: string, limit = '') =>
      `SELECT ${COLUMNS} FROM cases c WHERE ${[...where, ...more].join(' AND ')} ORDER BY ${order}${limit}`;
    const newestFirst = `${LISTED_ON} DESC, c.id`;
    if (!p) return q.query(select([], newestFirst), params);
    if (p.offset && !p.after && !p.before) {
      // An address made before keyset paging: the page after the row just before it, found by
      // the index alone (a sort of every row the filter keeps, else).
      const [row]: { publishedOn: string; id: string }[] = await q.query(
        `SELECT ${LISTED_ON} AS "publishedOn", c.id FROM cases c WHERE ${where.join(' AND ')}
          ORDER BY ${newestFirst} LIMIT 1 OFFSET $${params.length + 1}`,
        [...params, p.offset - 1],
      );
      if (!row) return [];
      return this.published(scope, q, { ...args, page: { limit: p.limit, after: row } });
    }
    params.push(p.limit);
    const limit = ` LIMIT $${params.length}`;
    const from = p.after ?? p.before;
    if (from) {
      // A page next to a row, as two reads each of which the index serves from that row on: the
      // rows of the row's own date on its side of it, then those of the dates beyond (an OR of
      // the two is a filter, row by row, over every row of the date before the page).
      params.push(from.publishedOn, from.id);
      const [d, id] = [`$${params.length - 1}`, `$${params.length}`];
      const [cmp, dir, outer] = p.after
        ? (['<', '>', ''] as const)
        : (['>', '<', ' DESC'] as const);
      const sameDay = select(
        [`${LISTED_ON} = ${d}`, `c.id ${dir} ${id}::uuid`],
        `c.id${outer}`,
        limit,
      );
      const beyond = select(
        [`${LISTED_ON} ${cmp} ${d}`],
        p.after ? newestFirst : `${LISTED_ON}, c.id DESC`,
        limit,
      );
      // A page before a row reads backwards (nearest first); its caller turns it round.
      return q.query(
        `SELECT * FROM ((${sameDay}) UNION ALL (${beyond})) page
          ORDER BY "publishedOn"${p.after ? ' DESC' : ''}, id${outer}${limit}`,
        params,
      );
    }
    return q.query(select([], newestFirst, limit), params);
  }

  async caseOf(scope: TenantScope, q: Queryable, caseId: string): Promise<RegisterCaseRow | null> {
    const rows: RegisterCaseRow[] = await q.query(
      `SELECT ${COLUMNS} FROM cases c WHERE c.tenant_id = $1 AND c.id = $2`,
      [scope.tenantId, caseId],
    );
    return rows[0] ? rows[0] : null;
  }

  /** The council's case with this reference (capitals), as `caseOf` reads it. */
  async caseByReference(
    scope: TenantScope,
    q: Queryable,
    reference: string,
  ): Promise<RegisterCaseRow | null> {
    const rows: RegisterCaseRow[] = await q.query(
      `SELECT ${COLUMNS} FROM cases c WHERE c.tenant_id = $1 AND c.reference = $2`,
      [scope.tenantId, reference],
    );
    return rows[0] ? rows[0] : null;
  }
}
