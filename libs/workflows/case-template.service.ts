import { TemplateVersionNotInThisBuildError } from '../errors/domain.errors';
import { findTemplate } from './template.registry';
import type { WorkflowTemplate } from './workflow.template';

/**
 * The template version a case runs on; TemplateVersionNotInThisBuildError (503, Retry-After) when
 * this build does not have it: a newer build released it and opened the case, and a process of
 * this build still answers (a rolling upgrade, docs/operations.md). Everything that needs a case's
 * template asks here, so that such a case is refused the same way everywhere (never a 500 from
 * `findTemplate(…)!`, never a case silently left out).
 */
export function templateOfCase(
  caseId: string,
  templateId: string,
  templateVersion: number,
): WorkflowTemplate {
  const template = findTemplate(templateId, templateVersion);
  if (!template) throw new TemplateVersionNotInThisBuildError(caseId, templateId, templateVersion);
  return template;
}

/** templateOfCase of a case as it is read (a CaseView, a certificate's case). */
export function templateOfView(c: {
  id: string;
  template: { id: string; version: number };
}): WorkflowTemplate {
  return templateOfCase(c.id, c.template.id, c.template.version);
}
