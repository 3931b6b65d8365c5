import { StaffAuthService } from '../staff/staff-auth.service';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { engineHarness } from './engine-harness.service';
import { HttpCases } from './http-cases.service';
import { buildOfficerDecisionWorld } from './officer-decision-world.factory';
import { testAppHarness } from './test-app.service';

/*
 * Officer decisions on a template version this build lacks, as in a rolling upgrade or a downgrade
 * (docs/operations.md; test/newer-version-register-and-plan and newer-version-forward-plan-page):
 * the officer decision council, its engine harness on Fri 1 Aug 2025 9 am and the app, one of each
 * for the spec file; the officer's staff account; key decisions opened over the API and moved to a
 * version (99) no build has.
 */

/** The password the council's officer signs in on the pages with. */
export const NEWER_VERSION_OFFICER_PASSWORD = 'staff-officer-pass-1';

/** Opens the spec file's database, council and app before its tests, closes them after. */
export function newerVersionDecisionsHarness() {
  const ready = testAppHarness({
    what: 'the council and the app',
    beforeApp: async (db) => {
      const world = await buildOfficerDecisionWorld(db.ds);
      const h = engineHarness(db.ds, '2025-08-01T09:00:00Z');
      await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
        tenantId: world.tenantId,
        personId: world.ids.people.officer,
        role: 'officer',
        password: NEWER_VERSION_OFFICER_PASSWORD,
        at: h.clock.now(),
      });
      const [{ slug }]: { slug: string }[] = await db.ds.query(
        'SELECT slug FROM tenants WHERE tenant_id = $1',
        [world.tenantId],
      );
      return { world, h, slug };
    },
    clock: (t) => t.h.clock,
  });
  const cases = new HttpCases(
    () => ready().app,
    (who) => ready().world.keyOf(who),
  );
  const query = <T>(sql: string, params: unknown[]): Promise<T[]> =>
    ready().db.ds.query(sql, params);
  return {
    ready,
    cases,
    /**
     * A key decision opened by the officer over the API on version 1, its matter described
     * (`summary`, by default the title "from April 2026"): the case as the reply shows it.
     */
    async keyCase(title: string, decisionDue: string, summary = `${title} from April 2026`) {
      const c = await cases.open({
        template: 'officer-delegated-decision',
        templateVersion: 1,
        title,
        dates: { decisionDue },
        roles: ready().world.officerDecisionRoles,
      });
      return cases.act(c, 'officer', 'DESCRIBE_MATTER', {
        summary,
        keyDecision: true,
        keyDecisionReasons: 'Spending of £4.2M over three years',
        documents: ['Report of the Director of Public Health'],
        representations: 'Write to democratic.services@example.org by 12 September 2025',
      });
    },
    /** The cases moved to version 99 of their template, which this build does not have. */
    toVersion99: (...caseIds: string[]) =>
      query('UPDATE cases SET template_version = 99 WHERE id = ANY($1)', [caseIds]),
    referenceOf: async (caseId: string) =>
      (await query<{ reference: string }>('SELECT reference FROM cases WHERE id = $1', [caseId]))[0]
        .reference,
    /** How many forward plan editions have been published, in every council. */
    editions: async () =>
      (await query<{ n: number }>('SELECT count(*)::int AS n FROM forward_plan_editions', []))[0].n,
  };
}
