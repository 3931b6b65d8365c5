import type { EntityManager } from 'typeorm';
import { tenantScope } from '../core/tenant-scope';
import type { CaseDirectory, DirectoryRepository } from '../directory/directory.repository';
import { VersionConflictError } from '../errors/domain.errors';
import { londonDate } from '../governance/working-day-calendar.service';
import type { WorkflowTemplate } from '../workflows/workflow.template';
import type { CaseForSend, CaseRepository } from './case.repository';
import { RoleBinder } from './role-binder.service';

/**
 * The roles an event binds as the case takes it, written before the case advances and checked
 * against the version read (a stale send rebinds nothing): the officer's reassignment of a role to
 * a new office or delegation (`reassignEvent`), and the member an event names (`namesRoles`, a
 * `member` binding). The send then reads the case's directory afresh.
 */
export class RoleRebinding {
  private readonly binder: RoleBinder;

  constructor(
    private readonly cases: CaseRepository,
    private readonly directory: DirectoryRepository,
  ) {
    this.binder = new RoleBinder(directory);
  }

  /** Whether the event binds a role: it then takes a transaction, the case read afresh in it. */
  static bindsRoles(template: WorkflowTemplate, type: string): boolean {
    return template.reassignEvent === type || Boolean(template.namesRoles?.[type]);
  }

  /**
   * Binds the roles the event binds on `row` (its roles replaced), and returns the case's
   * directory read again; undefined when the event binds none. `caseId` as the sender gave it.
   */
  async bind(
    m: EntityManager,
    caseId: string,
    row: CaseForSend,
    template: WorkflowTemplate,
    type: string,
    payload: Record<string, unknown>,
    now: Date,
  ): Promise<CaseDirectory | undefined> {
    let directory: CaseDirectory | undefined;
    if (template.reassignEvent === type) {
      // The officer hands a role to a new office or delegation; the machine then asks its holder afresh.
      const { reassign, holderId } = payload as { reassign: string; holderId: string };
      const binding = await this.binder.rebind(m, template, reassign, holderId, row.tenantId, now);
      row.roles = { ...row.roles, [reassign]: binding };
      // Checked against the version read, like the send's write: a stale send rebinds nothing.
      const rebound = await this.cases.rebindRoles(
        tenantScope(row.tenantId),
        m,
        { id: row.id, expectedVersion: row.version },
        row.roles,
      );
      if (!rebound) {
        const current = await this.cases.find(tenantScope(row.tenantId), m, row.id);
        throw new VersionConflictError(caseId, row.version, current?.version ?? row.version);
      }
      directory = await this.reread(m, row, now);
    }
    const names = template.namesRoles?.[type];
    if (names) {
      // The member the event names takes the role from now on (a `member` binding).
      row.roles = { ...row.roles, ...names(payload, row.roles) };
      if (
        !(await this.cases.rebindRoles(
          tenantScope(row.tenantId),
          m,
          { id: row.id, expectedVersion: row.version },
          row.roles,
        ))
      )
        throw new VersionConflictError(caseId, row.version, row.version + 1);
      directory = await this.reread(m, row, now);
    }
    return directory;
  }

  private reread(m: EntityManager, row: CaseForSend, now: Date): Promise<CaseDirectory> {
    return this.directory.caseDirectory(
      tenantScope(row.tenantId),
      m,
      row.roles,
      row.createdBy,
      londonDate(now),
    );
  }
}
