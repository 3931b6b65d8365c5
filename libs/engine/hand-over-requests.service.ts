import { Injectable } from '@nestjs/common';
import { tenantScope } from '../core/tenant-scope';
import type { EntityManager } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { DirectoryRepository, roleHoldersIn } from '../directory/directory.repository';
import { HandedOver, HolderChange, OfficeHandOver } from '../directory/office-hand-over.service';
import type { SeatHolderChange } from '../directory/seat-hand-over.service';
import { SEAT_NAMES, type Authority, type RoleBinding } from '../governance/authority.service';
import { LinkTokens } from '../links/link-token.service';
import { templateOfCase } from '../workflows/case-template.service';
import type { WorkflowTemplate } from '../workflows/workflow.template';
import { Actor, actorRecord } from '../core/actor.dto';
import { CaseRepository, CaseRow } from './case.repository';
import { EffectPlanner } from './effect-planner.service';
import { EffectRowsRepository } from './effect-rows.repository';
import { HandOverRequestsRepository, type OpenRequestRow } from './hand-over-requests.repository';
import { AwayHolderCover, type PlannedCover } from './lifecycle/away-holder-cover.service';
import { restore } from '../workflows/machine-snapshot.service';
import type { CaseDirectory } from '../directory/directory.repository';

/** A holding that changed hands: an office or a body's seat, with what the case's record says of it. */
interface Holding {
  tenantId: string;
  at: Date;
  on: string;
  from: { personId: string; name: string } | null;
  to: { personId: string; name: string };
  directoryChangeSeq: number;
  /** What changed hands, as the record names it: `office` or `seat`. */
  subject: Record<string, unknown>;
  /** Whether a case's role is bound to it. */
  binds(binding: RoleBinding | undefined, directory: CaseDirectory): boolean;
}

/** What the case's record says did it: the directory, not a role on the case. */
const AUTHORITY: Authority = { kind: 'system', role: 'system', job: 'office-holder-changed' };

/**
 * When an office changes holder, every open case waiting on a role bound to it (directly, or
 * through a delegation to it) hands its awaited requests to the new holder, once: the old
 * holder's open links are voided, the same requests go to the new holder with new links and
 * emails, the case waits for them, and the case's audit chain records ROLE_HOLDER_CHANGED with the
 * directory change behind it. Authority already follows the office; this moves the requests.
 * Runs in the directory change's transaction, the cases locked in id order like every send. A
 * body's chair or vice-chair changing hands (SeatHandOver) hands over the same way the requests of
 * the cases whose roles are bound to the seat (the chair who is to sign a meeting's minutes).
 * A new holder already away (ADR 0033) is never asked: their requests are withheld on the record and
 * absence cover hands the office's roles on the case to their deputy in the same transaction.
 */
@Injectable()
export class HandOverRequestsService extends OfficeHandOver {
  private readonly planner: EffectPlanner;

  constructor(
    links: LinkTokens,
    private readonly cases: CaseRepository,
    private readonly directory: DirectoryRepository,
    private readonly audit: AuditRepository,
    private readonly cover: AwayHolderCover,
    private readonly requests: HandOverRequestsRepository,
    effectRows: EffectRowsRepository,
  ) {
    super();
    this.planner = new EffectPlanner(links, effectRows);
  }

  async handOver(m: EntityManager, change: HolderChange, actor: Actor): Promise<HandedOver[]> {
    const rows = await this.cases.lockOpenBound(tenantScope(change.tenantId), m, {
      officeId: change.officeId,
    });
    const holding: Holding = {
      ...change,
      subject: { office: { id: change.officeId, title: change.officeTitle } },
      binds: (b, directory) => {
        if (b?.kind === 'office') return b.officeId === change.officeId;
        if (b?.kind !== 'delegation') return false;
        const d = directory.delegations.find((x) => x.id === b.delegationId);
        return d?.delegateOfficeId === change.officeId;
      },
    };
    return this.handOverAll(m, rows, holding, actor);
  }

  /** A body's chair or vice-chair changed hands: the cases bound to the seat hand their requests over. */
  async handOverSeat(
    m: EntityManager,
    change: SeatHolderChange,
    actor: Actor,
  ): Promise<HandedOver[]> {
    const rows = await this.cases.lockOpenBound(tenantScope(change.tenantId), m, {
      bodyId: change.bodyId,
      seat: change.seat,
    });
    const holding: Holding = {
      ...change,
      subject: {
        seat: {
          bodyId: change.bodyId,
          seat: change.seat,
          title: `${SEAT_NAMES[change.seat]} of the ${change.bodyName}`,
        },
      },
      binds: (b) => b?.kind === 'seat' && b.bodyId === change.bodyId && b.seat === change.seat,
    };
    return this.handOverAll(m, rows, holding, actor);
  }

  private async handOverAll(
    m: EntityManager,
    rows: CaseRow[],
    holding: Holding,
    actor: Actor,
  ): Promise<HandedOver[]> {
    const out: HandedOver[] = [];
    for (const row of rows) {
      const done = await this.handOverCase(m, row, holding, actor);
      if (done) out.push(done);
    }
    return out;
  }

  private async handOverCase(
    m: EntityManager,
    row: CaseRow,
    change: Holding,
    actor: Actor,
  ): Promise<HandedOver | null> {
    // A case on a version this build lacks (a rolling upgrade) refuses the whole change, which then
    // changes nothing: skipping it would leave its requests with the old holder for good.
    const template = templateOfCase(row.id, row.templateId, row.templateVersion);
    const directory = await this.directory.caseDirectory(
      tenantScope(row.tenantId),
      m,
      row.roles,
      row.createdBy,
      change.on,
    );
    const roles = Object.keys(row.roles).filter((r) => change.binds(row.roles[r], directory));
    const snapshot = restore(template.machine, row.snapshot);
    const described = template.describe(snapshot.value, snapshot.context);
    const awaited = roles.filter((r) => described.awaiting.includes(r));
    const holders = roleHoldersIn(directory, template.roleWords);
    const awaitingPersonIds = [
      ...new Set(
        described.awaiting.flatMap((r) => (holders[r]?.person ? [holders[r].person.id] : [])),
      ),
    ];
    const requests = await this.openRequests(m, row, awaited, template.requestMessages);
    // Requests already with the new holder stay: a second change to the same holding hands nothing over.
    const moving = requests.filter((r) => r.personId !== change.to.personId);
    const sameAwaited =
      awaitingPersonIds.length === row.awaitingPersonIds.length &&
      awaitingPersonIds.every((id) => row.awaitingPersonIds.includes(id));
    const planned = await this.deputyFor(m, row, template, roles, change);
    const covered = (version: number, requests: { role: string; message: string }[]) =>
      this.cover
        .reassignNow(m, { tenantId: row.tenantId, caseId: row.id }, planned, requests, change.at)
        .then(() => version + planned.length);
    if (moving.length === 0 && sameAwaited) {
      if (planned.length === 0) return null;
      const version = await covered(row.version, []);
      return { caseId: row.id, title: row.title, roles, requests: [], version };
    }
    // Only the requests of roles the deputy covers wait for absence cover's reassignment; the rest
    // go to the new holder, as when nobody is away.
    const request = (r: { role: string; message: string }) => ({
      role: r.role,
      message: r.message,
    });
    const withheld = moving.filter((r) => planned.some((p) => p.role === r.role)).map(request);
    const reissued = moving.filter((r) => !planned.some((p) => p.role === r.role));

    const version = row.version + 1;
    const payload = {
      ...change.subject,
      from: change.from,
      to: change.to,
      on: change.on,
      roles,
      requests: reissued.map(request),
      ...(withheld.length > 0 ? { withheld } : {}),
      directoryChange: change.directoryChangeSeq,
    };
    const link = {
      tenantId: row.tenantId,
      caseId: row.id,
      seq: version,
      recordedAt: change.at,
      actor: actorRecord(actor),
      authority: AUTHORITY,
      event: { type: 'ROLE_HOLDER_CHANGED', ...payload },
      fromState: row.stateKey,
      toState: row.stateKey,
    };
    const prevHash = row.auditHead || (await this.audit.head(tenantScope(row.tenantId), m, row.id));
    const auditHead = AuditRepository.hashOf(link, prevHash);
    const saved = await this.cases.advance(
      tenantScope(row.tenantId),
      m,
      { id: row.id, expectedVersion: row.version },
      {
        snapshot: row.snapshot,
        stateKey: row.stateKey,
        summary: row.summary,
        awaitingPersonIds,
        at: change.at,
        closed: false,
        auditHead,
      },
      {
        type: 'ROLE_HOLDER_CHANGED',
        payload,
        actorPersonId: actor.kind === 'person' ? actor.person.id : null,
        authority: AUTHORITY,
      },
      (advanced, p) => [
        AuditRepository.appendAfter(advanced, link, prevHash, auditHead, p),
        `UPDATE action_links SET status = 'voided', settled_at = ${p(change.at)},
                outcome = ${p(JSON.stringify({ reason: 'office' in change.subject ? 'the office changed holder' : 'the seat changed holder' }))}::jsonb
          WHERE case_id = ${p(row.id)} AND status = 'open' AND role = ANY(${p(roles)}::text[])
            AND person_id <> ${p(change.to.personId)}::uuid AND EXISTS (SELECT 1 FROM ${advanced})`,
      ],
    );
    // The case is locked: only a bug could have moved it since it was read.
    if (!saved) throw new Error(`case ${row.id} moved while locked for a hand-over`);
    if (planned.length === 0 || reissued.length > 0)
      await this.planner.reissue(m, reissued.map(request), {
        tenantId: row.tenantId,
        caseId: row.id,
        caseTitle: row.title,
        version,
        now: change.at,
        holders,
        template,
        context: snapshot.context,
        awaiting: described.awaiting,
      });
    const after = planned.length > 0 ? await covered(version, withheld) : version;
    return { caseId: row.id, title: row.title, roles, requests: payload.requests, version: after };
  }

  /** The office's roles on the case, when its new holder is already away with a deputy. */
  private async deputyFor(
    m: EntityManager,
    row: CaseRow,
    template: WorkflowTemplate,
    roles: string[],
    change: Holding,
  ): Promise<PlannedCover[]> {
    if (roles.length === 0) return [];
    const bound = Object.fromEntries(roles.map((r) => [r, row.roles[r]]));
    return this.cover.coverForRequests(
      m,
      { tenantId: row.tenantId, roles: bound, template },
      [change.to.personId],
      change.at,
    );
  }

  /**
   * The requests the case has out for `roles`: its open links, else (a request sent without a
   * link) the last request email for the role.
   */
  private async openRequests(
    m: EntityManager,
    row: CaseRow,
    roles: string[],
    requestMessages: string[],
  ): Promise<OpenRequestRow[]> {
    if (roles.length === 0) return [];
    return this.requests.openRequests(tenantScope(row.tenantId), m, row.id, roles, requestMessages);
  }
}
