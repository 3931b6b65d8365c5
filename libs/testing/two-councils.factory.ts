import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { tenantScope, type TenantScope } from '../core/tenant-scope';
import type { DocumentStore } from '../documents/document-store.repository';
import { engineHarness } from './engine-harness.service';
import type { TestDatabase } from './test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from './world.factory';

/** Two councils in one database, each with one open BCF case: what a scoped repository must keep apart. */
export interface TwoCouncils {
  a: BcfWorld;
  b: BcfWorld;
  scopeA: TenantScope;
  scopeB: TenantScope;
  caseOfA: string;
  caseOfB: string;
}

export async function twoCouncils(db: TestDatabase): Promise<TwoCouncils> {
  const a = await buildBcfWorld(db.ds);
  const b = await buildBcfWorld(db.ds);
  const h = engineHarness(db.ds);
  const caseOfA = (await h.open.open(openBcfCaseBody(a), a.actors.officer)).caseId;
  const caseOfB = (await h.open.open(openBcfCaseBody(b), b.actors.officer)).caseId;
  return {
    a,
    b,
    scopeA: tenantScope(a.tenantId),
    scopeB: tenantScope(b.tenantId),
    caseOfA,
    caseOfB,
  };
}

/** A plain-text document of the case, uploaded by the council's officer, its content in `store`. */
export async function storedDocument(
  ds: DataSource,
  store: DocumentStore,
  world: BcfWorld,
  caseId: string,
  text: string,
): Promise<{ id: string; sha256: string; sizeBytes: number }> {
  const bytes = Buffer.from(text, 'utf8');
  const doc = {
    id: randomUUID(),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sizeBytes: bytes.length,
  };
  await ds.transaction(async (m) => {
    await m.query(
      `INSERT INTO documents (id, tenant_id, case_id, name, kind, file_name, media_type, sha256, size_bytes,
                              uploaded_by, uploaded_at, series_id, version)
       VALUES ($1, $2, $3, $4, 'plan', 'plan.txt', 'text/plain', $5, $6, $7, now(), $1, 1)`,
      [doc.id, world.tenantId, caseId, text, doc.sha256, doc.sizeBytes, world.ids.people.officer],
    );
    await store.write(
      tenantScope(world.tenantId),
      m,
      doc.id,
      (async function* () {
        yield bytes;
      })(),
    );
  });
  return doc;
}

/** The case closed `years` ago, as retention counts from. */
export async function closedYearsAgo(ds: DataSource, caseId: string, years: number): Promise<void> {
  await ds.query(
    `UPDATE cases SET closed_at = now() - make_interval(years => $2::int) WHERE id = $1`,
    [caseId, years],
  );
}
