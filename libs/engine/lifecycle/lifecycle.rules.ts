import { DomainError, GovernanceRuleError } from '../../errors/domain.errors';
import type { CaseRow } from '../case.repository';
import { describeDay } from '../../governance/clear-days.service';
import { londonDate } from '../../governance/working-day-calendar.service';

/** A case's lifecycle around its workflow (ADR 0012). */
export type LifecycleStatus = 'active' | 'paused' | 'withdrawn';

type Lifecycle = Pick<CaseRow, 'lifecycleStatus' | 'lifecycleSince' | 'lifecycleReason'>;

const since = (c: Lifecycle) =>
  c.lifecycleSince ? ` on ${describeDay(londonDate(new Date(c.lifecycleSince)))}` : '';

/**
 * A paused or withdrawn case takes no event, whoever sends it and whatever state its machine is in:
 * the refusal names its rule, as every governance refusal does.
 */
export function refuseUnlessActive(c: Lifecycle, what = 'Nothing can be recorded'): void {
  if (c.lifecycleStatus === 'withdrawn')
    throw new GovernanceRuleError(
      'CASE_WITHDRAWN',
      `${what}: the case was withdrawn${since(c)} and is closed. Nothing was recorded.`,
      [
        `The case was withdrawn${since(c)}${c.lifecycleReason ? `: ${c.lifecycleReason}` : ''}.`,
        'A withdrawn case takes no further steps; open a new case to start again.',
      ],
    );
  if (c.lifecycleStatus === 'paused')
    throw new GovernanceRuleError(
      'CASE_PAUSED',
      `${what}: the case is paused${since(c)}. Nothing was recorded.`,
      [
        `The case was paused${since(c)}${c.lifecycleReason ? `: ${c.lifecycleReason}` : ''}.`,
        'A paused case takes no steps and its deadlines wait; an officer resumes it.',
      ],
    );
}

/** A finished case has nothing left to withdraw, pause or reassign. */
export function refuseIfFinished(c: Pick<CaseRow, 'closedAt'>, action: string): void {
  if (c.closedAt !== null)
    throw new GovernanceRuleError(
      'CASE_FINISHED',
      `The case cannot be ${action}: it has finished. Nothing was changed.`,
      [
        `The case finished on ${describeDay(londonDate(new Date(c.closedAt)))}.`,
        'Only a case still in progress can be withdrawn, paused or reassigned.',
      ],
    );
}

/**
 * What the deadline worker does with a deadline its case refused because of its lifecycle:
 * `suspended` (a paused case: the deadline waits for the resume, which moves it), `stale` (a
 * withdrawn case: it will never mean anything), or null for any other refusal.
 */
export function deadlineOutcomeOf(e: unknown): 'suspended' | 'stale' | null {
  if (!(e instanceof DomainError) || e.code !== 'GOVERNANCE_RULE_BROKEN') return null;
  if (e.extra.rule === 'CASE_PAUSED') return 'suspended';
  if (e.extra.rule === 'CASE_WITHDRAWN') return 'stale';
  return null;
}
