import { Injectable, Optional } from '@nestjs/common';
import { scopeOf } from '../core/tenant-scope';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { initialTransition } from 'xstate';
import { z } from 'zod';
import { GENESIS_HASH } from '../audit/audit-chain.service';
import { AuditRepository } from '../audit/audit.repository';
import { DirectoryRepository } from '../directory/directory.repository';
import { DomainError, InvalidInputError } from '../errors/domain.errors';
import { londonDate } from '../governance/working-day-calendar.service';
import { definitionHash } from '../workflows/template-definition.service';
import { findTemplate } from '../workflows/template.registry';
import { Actor, actorRecord } from '../core/actor.dto';
import { CaseRepository } from './case.repository';
import { CaseReferenceRepository } from './case-reference.repository';
import { RoleBinder } from './role-binder.service';
import { LinkTokens } from '../links/link-token.service';
import { Clock } from '../core/clock.service';
import { EffectPlanner, MachineAction } from './effect-planner.service';
import { EffectRowsRepository } from './effect-rows.repository';
import { persist, stateKey } from '../workflows/machine-snapshot.service';
import { zodProblems } from '../core/zod-problems.service';
import { AbsenceCoverService } from './absence-cover.service';

/** How long a case's title may be, in characters (the form checks it with the other fields). */
export const CASE_TITLE_LENGTH = { min: 3, max: 300 } as const;

const request = z
  .object({
    template: z.string().min(1, 'give the workflow template id, e.g. bcf-delegated-sign-off'),
    templateVersion: z.number().int().positive().optional(),
    title: z
      .string()
      .trim()
      .min(CASE_TITLE_LENGTH.min, 'give the case a title of at least 3 characters')
      .max(CASE_TITLE_LENGTH.max, 'keep the title under 300 characters'),
    dates: z.record(z.string(), z.string()),
    /** Role name to the id of the office or delegation that fills it. */
    roles: z.record(z.string(), z.string().uuid('give the id of an office or delegation')),
  })
  .strict();

export type OpenCaseRequest = z.infer<typeof request>;

/** Opens a case on a template with its dates and role holders, validated before anything is written. */
@Injectable()
export class OpenCaseUseCase {
  private readonly binder: RoleBinder;
  private readonly planner: EffectPlanner;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly cases: CaseRepository,
    private readonly references: CaseReferenceRepository,
    private readonly directory: DirectoryRepository,
    private readonly audit: AuditRepository,
    private readonly cover: AbsenceCoverService,
    effectRows: EffectRowsRepository,
    @Optional() links?: LinkTokens,
  ) {
    this.binder = new RoleBinder(directory);
    this.planner = new EffectPlanner(links ?? LinkTokens.ephemeral(), effectRows);
  }

  /** `manager`: run inside the caller's transaction (the demo seed opens and advances a case in one). */
  async open(
    body: unknown,
    actor: Actor,
    manager?: EntityManager,
  ): Promise<{ caseId: string; reference: string }> {
    if (actor.kind !== 'person' || !actor.person.isOfficer) {
      throw new DomainError(
        'NOT_AUTHORISED',
        'Only officers open cases',
        'Ask a democratic support officer to open the case.',
      );
    }
    const parsed = request.safeParse(body);
    if (!parsed.success)
      throw new InvalidInputError(
        'The case is not valid: fix the fields listed in problems.',
        zodProblems(parsed.error),
      );
    const req = parsed.data;
    const template = findTemplate(req.template, req.templateVersion);
    if (!template) {
      throw new DomainError(
        'UNKNOWN_TEMPLATE',
        'No such workflow template',
        `There is no released template "${req.template}"${req.templateVersion ? ` version ${req.templateVersion}` : ''}: GET /api/templates lists them.`,
      );
    }
    const now = this.clock.now();
    const dates = template.dates(londonDate(now)).safeParse(req.dates);
    if (!dates.success) {
      throw new InvalidInputError(
        'The case dates are not valid: fix the fields listed in problems.',
        zodProblems(dates.error).map((p) => ({
          ...p,
          path: p.path === '(body)' ? 'dates' : `dates.${p.path}`,
        })),
      );
    }

    const write = async (m: EntityManager) => {
      const roles = await this.binder.bindAll(m, template, req.roles, actor.tenantId, now);
      const caseId = randomUUID();
      // Its reference, taken in this transaction: numbered in the council's year (docs/adr/0038).
      const reference = await this.references.next(
        scopeOf(actor),
        m,
        Number(londonDate(now).slice(0, 4)),
      );
      const [snapshot, actions] = initialTransition(template.machine, { dates: dates.data });
      const key = stateKey(snapshot.value);
      const described = template.describe(snapshot.value, snapshot.context);
      const holders = await this.directory.roleHolders(
        scopeOf(actor),
        m,
        roles,
        actor.person.id,
        londonDate(now),
        template.roleWords,
      );
      const authority = { kind: 'officer', role: 'officer' };
      // The definition the case runs on, by its hash: in the row and in the first audit record.
      const definition = definitionHash(template);
      const opened = {
        type: 'CASE_OPENED',
        template: template.id,
        templateVersion: template.version,
        definitionHash: definition,
        title: req.title,
        dates: dates.data,
        roles,
      };
      const link = {
        tenantId: actor.tenantId,
        caseId,
        seq: 1,
        recordedAt: now,
        actor: actorRecord(actor),
        authority,
        event: opened,
        fromState: null,
        toState: key,
      };
      const auditHead = AuditRepository.hashOf(link, GENESIS_HASH);
      await this.cases.insert(scopeOf(actor), m, {
        id: caseId,
        reference,
        title: req.title,
        templateId: template.id,
        templateVersion: template.version,
        definitionHash: definition,
        version: 1,
        snapshot: persist(template.machine, snapshot),
        stateKey: key,
        summary: described.summary,
        roles,
        dates: dates.data,
        awaitingPersonIds: [
          ...new Set(
            described.awaiting.flatMap((r) => (holders[r]?.person ? [holders[r].person.id] : [])),
          ),
        ],
        createdBy: actor.person.id,
        updatedAt: now,
        closedAt: null,
        auditHead,
      });
      await this.cases.appendEvent(scopeOf(actor), m, {
        caseId,
        seq: 1,
        type: 'CASE_OPENED',
        payload: opened,
        actorPersonId: actor.person.id,
        authority,
        at: now,
      });
      await this.audit.append(scopeOf(actor), m, link, GENESIS_HASH);
      const plan = {
        tenantId: actor.tenantId,
        caseId,
        caseTitle: req.title,
        version: 1,
        now,
        holders,
        template,
        context: snapshot.context,
        awaiting: described.awaiting,
      };
      // A new case has no documents yet to name in its emails.
      const effects = this.planner.plan(actions as MachineAction[], plan, []);
      // A request to someone already away goes to their deputy, not to them (ADR 0033).
      const covers = await this.cover.coverForRequests(
        m,
        { tenantId: actor.tenantId, roles, template },
        effects.requestRecipients(template.requestMessages),
        now,
      );
      const withheld = effects.withhold(covers, template.requestMessages);
      await this.planner.flush(m, effects, plan);
      await this.cover.reassignNow(m, { tenantId: actor.tenantId, caseId }, covers, withheld, now);
      return { caseId, reference };
    };
    return manager ? write(manager) : this.ds.transaction(write);
  }
}
