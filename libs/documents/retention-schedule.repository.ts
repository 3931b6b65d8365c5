import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '../core/queryable';
import { InvalidInputError } from '../errors/domain.errors';
import {
  RECORD_KINDS,
  STATUTORY_RETENTION,
  type RecordKind,
  type RetentionRule,
} from './retention-schedule';
import type { TenantScope } from '../core/tenant-scope';

/** A change to the schedule as an administrator types it: checked here, nothing kept if wrong. */
export interface RetentionChange {
  kind: string;
  keepYears: string;
  reason: string;
}

/**
 * Each council's retention schedule: the statutory default for every kind of document and of
 * personal data (retention-schedule.ts), and over it the
 * council's own period where its administrators set one (the latest change per kind), kept with
 * who set it, when and why. A period may be longer than the law's, never shorter than its least
 * (minYears): the papers must stay open to inspection for the law's period, and personal data at
 * least as long as a complaint about the case may come.
 */
@Injectable()
export class RetentionScheduleRepository {
  constructor(private readonly ds: DataSource) {}

  async current(
    scope: TenantScope,
    q: Queryable = this.ds,
  ): Promise<Record<RecordKind, RetentionRule>> {
    const rows: {
      kind: RecordKind;
      keep_years: number;
      reason: string;
      set_at: Date;
      name: string | null;
    }[] = await q.query(
      `SELECT DISTINCT ON (r.kind) r.kind, r.keep_years, r.reason, r.set_at, p.name
           FROM document_retention_rules r LEFT JOIN people p ON p.id = r.set_by
          WHERE r.tenant_id = $1 ORDER BY r.kind, r.set_at DESC, r.id DESC`,
      [scope.tenantId],
    );
    const schedule = { ...STATUTORY_RETENTION };
    for (const r of rows) {
      if (!Object.hasOwn(schedule, r.kind)) continue;
      schedule[r.kind] = {
        kind: r.kind,
        keepYears: r.keep_years,
        minYears: STATUTORY_RETENTION[r.kind].minYears,
        source: `the council’s schedule: ${r.reason}`,
        setBy: { name: r.name ?? 'an administrator', at: r.set_at },
      };
    }
    return schedule;
  }

  /** Sets one kind's period, checked: whole years, no fewer than the law's, with a reason. */
  async set(
    scope: TenantScope,
    change: RetentionChange,
    by: { personId: string; at: Date },
  ): Promise<void> {
    const problems: { path: string; message: string }[] = [];
    const kind = change.kind as RecordKind;
    if (!(RECORD_KINDS as readonly string[]).includes(change.kind))
      problems.push({ path: 'kind', message: 'Select a kind of record' });
    const years = change.keepYears.trim();
    const least = Object.hasOwn(STATUTORY_RETENTION, kind) ? STATUTORY_RETENTION[kind] : null;
    const statutory = least?.minYears ?? 1;
    if (!/^\d{1,3}$/.test(years))
      problems.push({
        path: 'keepYears',
        message: 'Enter the number of years as a whole number, like 6',
      });
    else if (Number(years) < statutory)
      problems.push({
        path: 'keepYears',
        message:
          least && least.minYears === least.keepYears
            ? `Enter ${statutory} years or more: the law keeps these papers open to inspection for ${statutory} years`
            : `Enter ${statutory} years or more: a complaint to the Ombudsman may come within a year of the case`,
      });
    else if (Number(years) > 100)
      problems.push({ path: 'keepYears', message: 'Enter 100 years or fewer' });
    const reason = change.reason.trim();
    if (!reason)
      problems.push({ path: 'reason', message: 'Enter why the council keeps them this long' });
    else if (reason.length > 500)
      problems.push({ path: 'reason', message: 'Reason must be 500 characters or fewer' });
    if (problems.length)
      throw new InvalidInputError(
        'The retention period is not valid: fix the fields listed in problems.',
        problems,
      );
    await this.ds.query(
      `INSERT INTO document_retention_rules (tenant_id, kind, keep_years, reason, set_by, set_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [scope.tenantId, kind, Number(years), reason, by.personId, by.at],
    );
  }
}
