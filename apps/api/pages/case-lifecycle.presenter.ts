import type { CaseView } from '../../../libs/engine/case-view.service';
import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';
import { whenInWords } from './forms/words.service';

/** What the case page says after a lifecycle step (`?done=`), in the officer's words. */
export const LIFECYCLE_DONE: Record<string, string> = {
  withdrawn: 'The case was withdrawn and the people asked were told',
  paused: 'The case was paused: it takes no steps and its deadlines wait',
  resumed: 'The case was resumed: its deadlines moved on by the working days it was paused',
  reassigned: 'The role was given to its new holder, who has been asked afresh',
};

/**
 * The case page's lifecycle (ADR 0012): where the case stands around its workflow, and what the
 * officer may do to it now: withdraw, pause or resume, hand a role to someone else.
 */
export function caseLifecycle(view: CaseView, template: WorkflowTemplate, mayRecord: boolean) {
  const l = view.lifecycle;
  const since = l.since ? whenInWords(l.since) : null;
  const banner =
    l.status === 'withdrawn'
      ? { heading: `Withdrawn${since ? ` on ${since}` : ''}`, reason: l.reason }
      : l.status === 'paused'
        ? {
            heading: `Paused since ${since ?? 'an earlier day'}: it takes no steps and its deadlines wait`,
            reason: l.reason,
          }
        : null;
  const inProgress = l.status !== 'withdrawn' && !view.state.closed;
  const manage = mayRecord && inProgress;
  return {
    banner,
    paused: l.status === 'paused',
    mayWithdraw: manage,
    mayPause: manage && l.status === 'active',
    mayResume: mayRecord && l.status === 'paused',
    /** Each role the council fills, its holder now, and where to hand it to someone else. */
    roles: Object.entries(template.roles)
      .filter(([, spec]) => spec.binding !== 'officers')
      .map(([role, spec]) => ({
        role,
        label: spec.label,
        holder: view.roles[role]?.person?.name ?? 'nobody',
        actingAs: view.roles[role]?.actingAs ?? '',
        // A seat (a body's chair) follows the body's members in the directory: nothing to reassign.
        href:
          manage && spec.binding !== 'seat' && spec.binding !== 'member'
            ? `/cases/${view.id}/roles/${encodeURIComponent(role)}/reassign`
            : null,
      })),
  };
}
