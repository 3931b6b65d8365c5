import { GovernanceRuleError } from '../errors/domain.errors';
import { tenantScope } from '../core/tenant-scope';
import {
  checkRecordedDate,
  checkTakenToday,
  type DatedStep,
  type RecordedDateVerdict,
} from '../governance/recorded-dates.service';
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
  constructor(private readonly cases: CaseRepository) {}

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
        const last = await this.cases.lastTakenAt(tenantScope(c.tenantId), q, c.caseId, ref.event);
        eventDays.set(ref.event, last ? londonDate(last) : null);
      }
      return eventDays.get(ref.event) ?? null;
    };
    // A step taken today waits for every step it follows; a recorded date is bounded only by
    // steps on or before today.
    const steps = async (refs: StepRef[] = [], future = false): Promise<DatedStep[]> => {
      const out: DatedStep[] = [];
      for (const ref of refs) {
        const on = await stepDate(ref);
        if (on !== null && (future || on <= today))
          out.push({ what: ref.what, on, rule: ref.rule });
      }
      return out;
    };
    for (const spec of specs) {
      const on = at(payload, spec.field);
      if (!isDate(on)) continue;
      const verdict: RecordedDateVerdict = spec.takenToday
        ? checkTakenToday(spec.what, today, await steps(spec.follows, true))
        : checkRecordedDate(
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

/** Why a step taken today cannot be taken yet, and from which day it can; null when it can. */
export interface NotYet {
  rule: string;
  explanation: string[];
  /** The first day (London) it can be taken. */
  from: string;
}

/**
 * Whether `eventType`, taken today, would wait for a step of the case (the link page asks before
 * its holder answers): the template's steps taken today, against the case's context. Pure.
 */
export function notYet(
  templateId: string,
  eventType: string,
  context: unknown,
  today: string,
): NotYet | null {
  for (const spec of recordedDatesOf(templateId, eventType)) {
    if (!spec.takenToday) continue;
    const follows: DatedStep[] = [];
    for (const ref of spec.follows ?? []) {
      const on = 'context' in ref ? at(context, ref.context) : null;
      if (isDate(on)) follows.push({ what: ref.what, on, rule: ref.rule });
    }
    const verdict = checkTakenToday(spec.what, today, follows);
    if (!verdict.ok) {
      const from = follows
        .filter((f) => f.on > today)
        .map((f) => f.on)
        .sort()
        .at(-1)!;
      return { rule: verdict.code, explanation: verdict.explanation, from };
    }
  }
  return null;
}
