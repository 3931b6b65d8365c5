import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Any change to who a council's absences say is away moves the council's row (a new tuple, a new
 * xmin), whoever writes it: the use cases, a data fix in SQL, a restore. A send from a kept case
 * (libs/engine/kept-cases.service.ts) checks the council row's xmin, so it no longer digests the
 * council's absences on every write: that aggregate read every absence the council had ever
 * recorded (the index leads with the council, not the day), a cost that grew with the council's
 * history on the engine's one round trip (docs/benchmarks.md, "Session 32: the engine's send").
 * Only the columns that say who is away and when: marking an absence covered does not count.
 */
export class CountTheChangesToACouncilsAbsences1796441800000 implements MigrationInterface {
  name = 'CountTheChangesToACouncilsAbsences1796441800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "tenants" ADD "absence_changes" bigint NOT NULL DEFAULT 0');
    await q.query(`CREATE FUNCTION count_absence_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          UPDATE tenants SET absence_changes = absence_changes + 1;
        ELSIF TG_OP = 'UPDATE' AND OLD.tenant_id IS DISTINCT FROM NEW.tenant_id THEN
          UPDATE tenants SET absence_changes = absence_changes + 1
           WHERE tenant_id IN (OLD.tenant_id, NEW.tenant_id);
        ELSE
          UPDATE tenants SET absence_changes = absence_changes + 1
           WHERE tenant_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
        END IF;
        RETURN NULL;
      END
    $$`);
    await q.query(`CREATE TRIGGER absences_count_changes AFTER INSERT OR DELETE ON "absences"
      FOR EACH ROW EXECUTE FUNCTION count_absence_changes()`);
    await q.query(`CREATE TRIGGER absences_count_changes_on_update AFTER UPDATE ON "absences"
      FOR EACH ROW WHEN ((OLD.tenant_id, OLD.person_id, OLD.first_day, OLD.last_day, OLD.cancelled_at)
                         IS DISTINCT FROM (NEW.tenant_id, NEW.person_id, NEW.first_day, NEW.last_day, NEW.cancelled_at))
      EXECUTE FUNCTION count_absence_changes()`);
    await q.query(`CREATE TRIGGER absences_count_changes_on_truncate AFTER TRUNCATE ON "absences"
      FOR EACH STATEMENT EXECUTE FUNCTION count_absence_changes()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['', '_on_update', '_on_truncate'])
      await q.query(`DROP TRIGGER absences_count_changes${t} ON "absences"`);
    await q.query('DROP FUNCTION count_absence_changes()');
    await q.query('ALTER TABLE "tenants" DROP COLUMN "absence_changes"');
  }
}
