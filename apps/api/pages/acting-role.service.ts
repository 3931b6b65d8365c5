import { DomainError } from '../../../libs/errors/domain.errors';
import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';
import type { Option } from './event-form.service';
import type { FormErrors } from './forms/form-errors.service';

/*
 * "Which role are you acting in?": asked on a case page's form when the engine refuses a step
 * with AMBIGUOUS_ROLE (the person holds two roles that both take it). The API's refusal tells the
 * client to add "as"; a page asks with radios instead, each role by its label, the key only the
 * radio's value. The roles offered go back with the form (hidden `asRoles`) so a second send can
 * say which answers were on offer; the engine still judges the authority itself.
 */

export const CHOOSE_ROLE = 'Select which role you are acting in';
const AMBIGUOUS =
  'You hold more than one role that may take this step. Select which role you are acting in';

/** The field's id: the first radio's, which the error summary links to. */
export function actingRoleId(type: string): string {
  return `${type}-as`;
}

/** Role keys as choices: only roles that may send the step, each by the template's label. */
function choicesOf(template: WorkflowTemplate, type: string, keys: string[]): Option[] {
  const sendable = template.events[type]?.sendableBy ?? [];
  return [...new Set(keys)]
    .filter((k) => k !== 'system' && sendable.includes(k) && template.roles[k]?.label)
    .map((k) => ({ value: k, text: template.roles[k].label }));
}

/**
 * The role chosen on a form that asked for one, and the roles it offered: none asked, nothing
 * read; an answer not among those offered is an error against the radios.
 */
export function readActingRole(
  template: WorkflowTemplate,
  type: string,
  body: Record<string, unknown>,
  errors: FormErrors,
): { as?: string; roles: Option[] } {
  const offered = typeof body.asRoles === 'string' ? body.asRoles.split(' ') : [];
  const roles = choicesOf(template, type, offered);
  const chosen = typeof body.as === 'string' ? body.as : undefined;
  if (roles.length === 0 && chosen === undefined) return { roles };
  if (chosen === undefined || !roles.some((r) => r.value === chosen)) {
    errors.add(actingRoleId(type), CHOOSE_ROLE);
    return { roles };
  }
  return { as: chosen, roles };
}

/** The roles an AMBIGUOUS_ROLE refusal names, as choices with the error against them; else undefined. */
export function addAmbiguousRole(
  template: WorkflowTemplate,
  type: string,
  error: unknown,
  errors: FormErrors,
): Option[] | undefined {
  if (!(error instanceof DomainError) || error.code !== 'AMBIGUOUS_ROLE') return undefined;
  const keys = (error.extra as { roles?: unknown } | undefined)?.roles;
  const roles = choicesOf(template, type, Array.isArray(keys) ? keys.map(String) : []);
  if (roles.length < 2) return undefined;
  errors.add(actingRoleId(type), AMBIGUOUS);
  return roles;
}
