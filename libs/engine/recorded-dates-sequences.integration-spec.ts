import fc from 'fast-check';
import type { Actor } from '../core/actor.dto';
import { seedDemo } from '../demo/demo-seed.service';
import { demoOpenings } from '../demo/demo-templates.service';
import type { TenantIds } from '../directory/tenant-setup.service';
import { DomainError, GovernanceRuleError, InvalidInputError } from '../errors/domain.errors';
import { daysFromTo } from '../governance/clear-days.service';
import { addDays, londonDate } from '../governance/working-day-calendar.service';
import { demoTenantIds } from '../testing/demo-tenant-ids.service';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.service';
import { recordedDatesOf } from '../workflows/recorded-dates.declarations';
import { TRACE_PLANS } from '../workflows/trace-plan.registry';
import type { TracePlan } from '../workflows/trace-recorder.service';
import { findTemplate, listTemplates } from '../workflows/template.registry';
import { demoSeedProviders } from '../testing/demo-seed-providers.factory';

/*
 * Issue #11's property: over random event sequences with random dates, for every template version
 * new cases open on, no event the engine accepts records a date after today (London) or before a
 * step it follows, and every refusal says what rule or field refused it and why. Each run opens a
 * case in the demo council (every role held through the office the seeds name), then sends one of
 * the version's recorded journeys with extra events slipped in, the clock moving on a few days at
 * a time and each recorded date drawn from six weeks before to ten days after "today".
 * Measured when written: 712 dated events accepted, 51 refused by a date rule, 307 refusals in all;
 * with the engine's date check switched off, six of the eight templates' properties fail (BCF
 * delegated sign-off's own payload rules refuse the same dates; the JCB's journeys stop at the
 * meeting, whose members the demo's Board does not have).
 */

const BASE = '2026-11-25';
const ISO = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: unknown): v is string => typeof v === 'string' && ISO.test(v);

/** A value at a dot path of a payload or context. */
function at(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** The payload with the value at a dot path replaced (objects on the way copied). */
function withAt(value: unknown, path: string, to: string): unknown {
  const [key, ...rest] = path.split('.');
  if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return value;
  const o = value as Record<string, unknown>;
  return { ...o, [key]: rest.length ? withAt(o[key], rest.join('.'), to) : to };
}

/** Every ISO date in a value moved by `days` (a trace's 2021 world brought to the demo's today). */
function shifted(value: unknown, days: number): unknown {
  if (isDate(value)) return addDays(value, days);
  if (Array.isArray(value)) return value.map((v) => shifted(v, days));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shifted(v, days)]));
  return value;
}

interface Step {
  name: string;
  /** Days the clock moves on before the event. */
  wait: number;
  /** Each declared recorded date's offset from today, in declaration order. */
  offsets: number[];
}

const stepArb = (names: string[]) =>
  fc.record({
    name: fc.constantFrom(...names),
    wait: fc.integer({ min: 0, max: 4 }),
    offsets: fc.array(fc.integer({ min: -42, max: 10 }), { minLength: 3, maxLength: 3 }),
  });

describe('recorded dates over random event sequences, every current template', () => {
  let db: TestDatabase;
  let h: ReturnType<typeof engineHarness>;
  let ids: TenantIds;
  const people = new Map<string, Actor>();
  let officer: Actor;
  const tally = { acceptedDated: 0, refusedByDateRule: 0, refused: 0 };

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds, `${BASE}T10:00:00Z`);
    await seedDemo(db.ds, h.clock, demoSeedProviders(db.ds, h.clock, h));
    ids = await demoTenantIds(db.ds);
    const rows: { id: string; name: string; email: string; is_officer: boolean }[] =
      await db.ds.query('SELECT id, name, email, is_officer FROM people WHERE tenant_id = $1', [
        ids.tenantId,
      ]);
    for (const r of rows)
      people.set(r.id, {
        kind: 'person',
        tenantId: ids.tenantId,
        person: {
          id: r.id,
          tenantId: ids.tenantId,
          name: r.name,
          email: r.email,
          isOfficer: r.is_officer,
        },
      });
    const [{ id }]: { id: string }[] = await db.ds.query(
      "SELECT id FROM people WHERE tenant_id = $1 AND email = 'dana.whitlock@example.org'",
      [ids.tenantId],
    );
    officer = people.get(id)!;
  });
  afterAll(async () => {
    await db?.drop();
  });

  const current = [...new Set(listTemplates().map((t) => t.id))].map((id) => findTemplate(id)!);

  it.each(current.map((t) => [`${t.id} version ${t.version}`, t.id, t.version] as const))(
    '%s: accepts no date after today or before its step, and every refusal explains itself',
    async (_, templateId, version) => {
      const plan: TracePlan | undefined = TRACE_PLANS.find(
        (p) => p.template === templateId && p.version === version,
      );
      expect(plan).toBeDefined();
      const sendable = Object.entries(plan!.events)
        .filter(([, e]) => e.role !== 'system')
        .map(([name]) => name);
      const journeys = Object.values(plan!.journeys ?? {});
      const rebase = daysFromTo(plan!.opening.on, BASE);

      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: Math.max(journeys.length - 1, 0) }),
          fc.array(stepArb(sendable), { maxLength: 4 }),
          fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 12 }),
          fc.array(fc.array(fc.integer({ min: -42, max: 10 }), { minLength: 3, maxLength: 3 }), {
            maxLength: 12,
          }),
          async (journeyIndex, extras, waits, offsets) => {
            h.clock.set(`${BASE}T10:00:00Z`);
            const opening = demoOpenings(ids, BASE)[templateId];
            const { caseId } = await h.open.open(
              { template: templateId, title: `Random dates: ${templateId}`, ...opening },
              officer,
            );
            // The journey in its order, extra events slipped in at their places.
            const steps: Step[] = (journeys[journeyIndex] ?? []).map((name, i) => ({
              name,
              wait: waits[i] ?? 0,
              offsets: offsets[i] ?? [0, 0, 0],
            }));
            extras.forEach((x, i) => steps.splice((i * 3) % (steps.length + 1), 0, x));
            const lastTaken = new Map<string, string>();

            for (const step of steps) {
              h.clock.set(new Date(h.clock.now().getTime() + step.wait * 86_400_000).toISOString());
              const today = londonDate(h.clock.now());
              const planned = plan!.events[step.name];
              const specs = recordedDatesOf(templateId, planned.type);
              let payload = shifted(planned.payload, rebase);
              specs.forEach((spec, i) => {
                if (isDate(at(payload, spec.field)))
                  payload = withAt(payload, spec.field, addDays(today, step.offsets[i % 3]));
              });
              const before = await h.views.get(ids.tenantId, caseId);
              const holder =
                planned.role === 'officer' ? null : before.roles[planned.role]?.person?.id;
              const actor = (holder && people.get(holder)) || officer;
              try {
                await h.send.send(
                  caseId,
                  { type: planned.type, payload: payload as Record<string, unknown> },
                  actor,
                );
              } catch (e) {
                tally.refused++;
                // Every refusal is a domain refusal that says which rule or field, and why.
                expect(e).toBeInstanceOf(DomainError);
                const err = e as DomainError;
                expect(err.detail.trim().length).toBeGreaterThan(0);
                if (err instanceof GovernanceRuleError) {
                  expect(err.extra.rule).toEqual(expect.stringMatching(/^[A-Z][A-Z0-9_]+$/));
                  const lines = err.extra.explanation as string[];
                  expect(lines.length).toBeGreaterThan(0);
                  for (const l of lines) expect(l.trim().length).toBeGreaterThan(0);
                  if (err.problems.some((p) => specs.some((s) => s.field === p.path)))
                    tally.refusedByDateRule++;
                }
                if (err instanceof InvalidInputError)
                  expect(err.problems.length).toBeGreaterThan(0);
                // A refusal changes nothing.
                const after = await h.views.get(ids.tenantId, caseId);
                expect(after.version).toBe(before.version);
                continue;
              }
              // Accepted: each recorded date is on or before today and not before its steps.
              for (const spec of specs) {
                const on = at(payload, spec.field);
                if (!isDate(on)) continue;
                tally.acceptedDated++;
                expect(
                  on > today ? `${spec.field} ${on} is after today (${today})` : null,
                ).toBeNull();
                for (const ref of spec.follows ?? []) {
                  const stepOn =
                    'context' in ref ? at(before.context, ref.context) : lastTaken.get(ref.event);
                  if (isDate(stepOn) && stepOn <= today)
                    expect(
                      on < stepOn ? `${spec.field} ${on} is before ${ref.what} (${stepOn})` : null,
                    ).toBeNull();
                }
              }
              lastTaken.set(planned.type, today);
            }
          },
        ),
        { numRuns: 6, seed: 20261204 },
      );
    },
  );

  it('saw dated events both accepted and refused by a date rule (the property above was exercised)', () => {
    expect(tally.acceptedDated).toBeGreaterThan(0);
    expect(tally.refusedByDateRule).toBeGreaterThan(0);
  });
});
