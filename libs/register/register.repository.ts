import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import { holderOnSql } from '../directory/office.repository';
import type { RoleBinding } from '../governance/authority.service';
import type { PublishingVersion } from './register-shape.service';

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

/** The publication date, as the partial index "IDX_cases_published_decisions" holds it. */
const PUBLISHED_ON = `(c.snapshot #>> '{context,publication,publishedOn}')`;

const COLUMNS = `c.id, c.reference, c.title, c.template_id AS "templateId", c.template_version AS "templateVersion",
  c.state_key AS "stateKey", c.snapshot, c.roles, c.created_by AS "createdBy",
  c.audit_head AS "auditHead", c.version AS "auditRecords", ${PUBLISHED_ON} AS "publishedOn"`;
const X = `(c.snapshot -> 'context')`;
/** JavaScript's truthiness of a jsonb value (absent, null, false, "" and 0 are false). */
const truthy = (v: string) =>
  `coalesce(${v} NOT IN ('null'::jsonb, 'false'::jsonb, '""'::jsonb, '0'::jsonb), false)`;
const nullIfNull = (v: string) => `nullif(${v}, 'null'::jsonb)`;
const OFFICER = `(c.template_id || '@' || c.template_version) = ANY($2::text[])`;

/*
 * What each notice builder reads from the context (jcb-delegated-decision/decision-notice.service.ts
 * for the executive's, officer-decision-notice.service.ts for officers'), in SQL: a notice exists,
 * is exempt, is a key decision, was called in, may be implemented, is subject to call-in.
 */
const NOTICE_EXISTS = `CASE WHEN ${OFFICER}
  THEN ${truthy(`${X} -> 'decision'`)} AND ${truthy(`${X} -> 'matter'`)}
  ELSE ${truthy(`${X} -> 'decision'`)} AND ${truthy(`${X} -> 'notices'`)}
   AND ${truthy(`${X} -> 'meeting'`)} AND ${truthy(`${X} -> 'showOfHands'`)} END`;
const EXEMPT = `CASE WHEN ${OFFICER} THEN ${truthy(`${X} #> '{matter,exemptReasons}'`)}
  ELSE ${truthy(`${X} #> '{notices,privateItem}'`)} END`;
const KEY_DECISION = `CASE WHEN ${OFFICER} THEN ${X} #> '{matter,keyDecision}'
  ELSE ${X} #> '{notices,keyDecision}' END`;
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
 * The words searched: the case's reference, and an item's title and decision, withheld for an
 * exempt one (`w`, the words shown).
 */
const searched = (
  w: string,
) => `lower(c.reference || ' ' || CASE WHEN ${EXEMPT} THEN ${w} || ' ' || ${w} || ' ' || ${w}
  ELSE coalesce(CASE WHEN ${OFFICER} THEN c.title ELSE ${X} #>> '{notices,itemTitle}' END, '')
    || ' ' || coalesce(${X} #>> '{decision,decision}', '') || ' ' || c.title END)`;
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
   * after or before a row through "IDX_cases_published_decisions" from that row on, however deep.
   */
  async published(
    scope: TenantScope,
    q: Queryable,
    args: {
      versions: PublishingVersion[];
      filter: PublishedFilter;
      /** The London date on which the decision maker's role is resolved (as the notice names them). */
      on: string;
      withheld: string;
      page?: PublishedPage;
    },
  ): Promise<RegisterCaseRow[]> {
    const { versions, filter: f } = args;
    if (versions.length === 0) return [];
    const key = (v: PublishingVersion) => `${v.templateId}@${v.version}`;
    const params: unknown[] = [
      scope.tenantId,
      versions.filter((v) => v.shape === 'officer').map(key),
      versions.map(key),
    ];
    const where = [
      'c.tenant_id = $1',
      `${PUBLISHED_ON} IS NOT NULL`,
      `${PUBLISHED_ON} <> ''`,
      `(c.template_id || '@' || c.template_version) = ANY($3::text[])`,
      `(${NOTICE_EXISTS})`,
    ];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.q) {
      params.push(args.withheld);
      add((p) => `strpos(${searched(`$${params.length - 1}::text`)}, lower(${p})) > 0`, f.q);
    }
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
      add((p) => `(${KEY_DECISION}) = to_jsonb(${p}::boolean)`, f.keyDecision);
    if (f.kind) where.push(f.kind === 'officer' ? OFFICER : `NOT ${OFFICER}`);
    if (f.callIn === 'calledIn') where.push(`(${CALLED_IN})`);
    if (f.callIn === 'implementable')
      where.push(`${truthy(IMPLEMENTABLE_FROM)} AND NOT (${CALLED_IN})`);
    if (f.callIn === 'subject') where.push(`(${SUBJECT})`);
    if (f.from) add((p) => `${PUBLISHED_ON} >= ${p}`, f.from);
    if (f.to) add((p) => `${PUBLISHED_ON} <= ${p}`, f.to);
    const p = args.page;
    // The list's order is the date descending then the case ascending; a page before a row reads
    // backwards (the index scanned the other way) and its caller turns it round.
    let order = `${PUBLISHED_ON} DESC, c.id`;
    let paging = '';
    if (p?.after) {
      params.push(p.after.publishedOn, p.after.id);
      const [d, id] = [`$${params.length - 1}`, `$${params.length}`];
      where.push(`${PUBLISHED_ON} <= ${d}`, `(${PUBLISHED_ON} < ${d} OR c.id > ${id}::uuid)`);
    } else if (p?.before) {
      params.push(p.before.publishedOn, p.before.id);
      const [d, id] = [`$${params.length - 1}`, `$${params.length}`];
      where.push(`${PUBLISHED_ON} >= ${d}`, `(${PUBLISHED_ON} > ${d} OR c.id < ${id}::uuid)`);
      order = `${PUBLISHED_ON}, c.id DESC`;
    }
    if (p) {
      params.push(p.limit);
      paging = ` LIMIT $${params.length}`;
      if (p.offset && !p.after && !p.before) {
        params.push(p.offset);
        paging += ` OFFSET $${params.length}`;
      }
    }
    return q.query(
      `SELECT ${COLUMNS} FROM cases c WHERE ${where.join(' AND ')} ORDER BY ${order}${paging}`,
      params,
    );
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
