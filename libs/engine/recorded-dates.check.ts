import { GovernanceRuleError } from '../errors/domain.errors';
import { checkRecordedDate, type DatedStep } from '../governance/recorded-dates.service';
import { londonDate } from '../governance/working-day-calendar.service';
import { recordedDatesOf, type StepRef } from '../workflows/recorded-dates.declarations';
import { CaseRepository, type Queryable } from './case.repository';

/** A value at a dot path ("publication.callInEndsOn") of a parsed payload or a machine context. */
function at(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * The engine's check of an event's recorded dates (libs/workflows/recorded-dates.declarations.ts)
 * around the machine, for every version of every template: each date not after today in London,
 * not before the steps it follows, not after the last day of its period; the first broken rule is
 * refused as 422 GOVERNANCE_RULE_BROKEN naming it, before anything is written. A step dated after
 * today (recorded before these rules existed) bounds nothing, so old open cases stay workable.
 */
export class RecordedDatesCheck {
  private readonly cases = new CaseRepository();

  async check(
    q: Queryable,
    c: { tenantId: string; caseId: string; templateId: string },
    eventType: string,
    payload: Record<string, unknown>,
    context: unknown,
    now: Date,
  ): Promise<void> {
    const specs = recordedDatesOf(c.templateId, eventType);
    if (specs.length === 0) return;
    const today = londonDate(now);
    const eventDays = new Map<string, string | null>();
    const stepDate = async (ref: StepRef): Promise<string | null> => {
      if ('context' in ref) {
        const v = at(context, ref.context);
        return isDate(v) ? v : null;
      }
      if (!eventDays.has(ref.event)) {
        const last = await this.cases.lastTakenAt(q, c.tenantId, c.caseId, ref.event);
        eventDays.set(ref.event, last ? londonDate(last) : null);
      }
      return eventDays.get(ref.event) ?? null;
    };
    const steps = async (refs: StepRef[] = []): Promise<DatedStep[]> => {
      const out: DatedStep[] = [];
      for (const ref of refs) {
        const on = await stepDate(ref);
        if (on !== null && on <= today) out.push({ what: ref.what, on, rule: ref.rule });
      }
      return out;
    };
    for (const spec of specs) {
      const on = at(payload, spec.field);
      if (!isDate(on)) continue;
      const verdict = checkRecordedDate(
        { what: spec.what, on },
        today,
        await steps(spec.follows),
        await steps(spec.until),
      );
      if (!verdict.ok)
        throw new GovernanceRuleError(
          verdict.code,
          `This cannot be recorded: ${verdict.explanation[0]}. Nothing was recorded.`,
          verdict.explanation,
          { problems: [{ path: spec.field, message: verdict.explanation[0] }] },
        );
    }
  }
}
