import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';
import { dayInWords } from './forms/words.service';

/** An assurance condition as a case holds it; version 2 of the BCF templates adds owner and due date. */
export interface CaseCondition {
  id: string;
  text: string;
  metOn: string | null;
  owner?: string;
  dueBy?: string;
  overdue?: boolean;
}

/**
 * Where a condition stands, in words: met on a day, or open (with its owner, by the role's label,
 * and its due date, when the case's version gives them), or overdue.
 */
export function conditionState(c: CaseCondition, template: WorkflowTemplate): string {
  if (c.metOn) return `met on ${dayInWords(c.metOn)}`;
  if (!c.dueBy) return 'open';
  const owner = c.owner ? (template.roles[c.owner]?.label ?? 'the officer') : null;
  const when = c.overdue
    ? `overdue, was due by ${dayInWords(c.dueBy)}`
    : `open, due by ${dayInWords(c.dueBy)}`;
  return owner ? `${when}; owner: ${owner}` : when;
}
