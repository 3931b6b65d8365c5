import { randomBytes } from 'node:crypto';
import type { Actor } from '../core/actor.dto';
import type { CaseView } from '../engine/case-view.service';
import { type Journey, journeyHarness } from './journey-harness.service';

/*
 * The pharmacy consolidation representation's spec files (test/pharmacy-consolidation-
 * representation*.e2e-spec.ts): a council whose Director of Public Health answers through an API
 * key, with the chair of the Health Overview and Scrutiny Panel, and the ways a spec drives a case.
 */

export type PharmacyWho = 'officer' | 'dph';

export interface PharmacyWorld extends Journey {
  /** The Director of Public Health as an actor of the engine. */
  dph: Actor;
}

/**
 * Opens the spec file's database, world and app before its tests and closes them after. `start`
 * is when the clock (both the app's and the engine harness's) begins; `dates` the case's dates.
 */
export function pharmacyHarness(start: string, dates: Record<string, string>) {
  const dphKey = `test-dph-${randomBytes(12).toString('hex')}`;
  const j = journeyHarness(start, {
    keyOf: (who) => (who === 'dph' ? dphKey : undefined),
    tweak: (spec) => {
      spec.people.push(
        {
          key: 'dph',
          name: 'Dr Jordan Hart',
          email: `jordan.hart@${spec.slug}.test`,
          organisation: 'council',
          apiKey: dphKey,
        },
        {
          key: 'scrutinyChair',
          name: 'Cllr Sam Ferris',
          email: `sam.ferris@${spec.slug}.test`,
          organisation: 'council',
        },
      );
      spec.offices.push(
        {
          key: 'dph',
          title: 'Director of Public Health, Southampton City Council',
          organisation: 'council',
          holder: 'dph',
        },
        {
          key: 'scrutinyChair',
          title: 'Chair, Health Overview and Scrutiny Panel',
          organisation: 'council',
          holder: 'scrutinyChair',
        },
      );
    },
  });
  let dph: Actor | undefined;
  beforeAll(async () => {
    const { db, world } = j.ready();
    const [p]: { id: string; name: string; email: string }[] = await db.ds.query(
      'SELECT id, name, email FROM people WHERE id = $1',
      [world.ids.people.dph],
    );
    dph = {
      kind: 'person',
      tenantId: world.tenantId,
      person: { ...p, tenantId: world.tenantId, isOfficer: false },
    };
  });
  const ready = (): PharmacyWorld => ({ ...j.ready(), dph: dph! });
  const roles = () => ({
    dph: ready().world.ids.offices.dph,
    hwbbChair: ready().world.ids.offices.chair,
    scrutinyChair: ready().world.ids.offices.scrutinyChair,
  });

  return {
    ...j,
    ready,
    roles,
    act: (seen: CaseView, who: PharmacyWho, type: string, payload: Record<string, unknown> = {}) =>
      j.act(seen, who, type, payload),
    /** Opens a case through the engine, as the officer. */
    open: (title: string, caseDates: Record<string, string> = dates, templateVersion = 1) =>
      ready().h.open.open(
        {
          template: 'pharmacy-consolidation-representation',
          templateVersion,
          title,
          dates: caseDates,
          roles: roles(),
        },
        ready().world.actors.officer,
      ),
    /** Whom the case's `message` emails were addressed to (person ids, sorted). */
    emails: async (caseId: string, message: string): Promise<string[]> => {
      const rows: { to: string }[] = await ready().db.ds.query(
        `SELECT payload->'to'->>'id' AS to FROM effects
          WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = $2`,
        [caseId, message],
      );
      return rows.map((r) => r.to).sort();
    },
    people: (...keys: string[]) => keys.map((k) => ready().world.ids.people[k]).sort(),
  };
}
