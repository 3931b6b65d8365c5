import type { TestDatabase } from './test-database.service';

/** A statement and its parameters, as a tamperer sends them. */
export type TamperingStatement = [sql: string, params: unknown[]];

/**
 * As one covering their tracks would: the statements sent as the superuser past the audit table's
 * triggers, switched off for the table and on again, whatever the statements did.
 */
export async function tamperWithAuditRecords(
  db: Pick<TestDatabase, 'superuser'>,
  ...statements: TamperingStatement[]
): Promise<void> {
  await db.superuser('ALTER TABLE audit_records DISABLE TRIGGER USER');
  try {
    for (const [sql, params] of statements) await db.superuser(sql, params);
  } finally {
    await db.superuser('ALTER TABLE audit_records ENABLE TRIGGER USER');
  }
}

/** A case's first audit record given another title ("Another plan"): an edit found at record 1. */
export const retitledFirstRecord = (caseId: string): TamperingStatement => [
  `UPDATE audit_records SET event = jsonb_set(event, '{title}', '"Another plan"') WHERE case_id = $1 AND seq = 1`,
  [caseId],
];
