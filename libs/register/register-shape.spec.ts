import { listTemplates } from '../workflows/template.registry';
import { OFFICER_TEMPLATES, publishingVersions, registerShapeOf } from './register-shape.service';

/*
 * The register's SQL reads the snapshot fields each Decision Notice builder reads: a template that
 * publishes decisions with a builder of its own must have its SQL written before it is released.
 */
describe('the templates the public register lists', () => {
  it('has a notice the register’s SQL knows for every template with a Decision Notice', () => {
    const unknown = listTemplates()
      .filter((t) => t.decisionNotice && !registerShapeOf(t))
      .map((t) => `${t.id} v${t.version}`);
    expect(unknown).toEqual([]);
  });

  it('lists the JCB’s versions as executive decisions and the officer template’s as officers’', () => {
    const shapes = publishingVersions();
    expect(shapes).toContainEqual({
      templateId: 'jcb-delegated-decision',
      version: 6,
      shape: 'executive',
    });
    expect(shapes).toContainEqual({
      templateId: 'officer-delegated-decision',
      version: 1,
      shape: 'officer',
    });
    expect(shapes.some((s) => s.templateId === 'bcf-board-sign-off')).toBe(false);
  });

  it('tells an officer’s notice by template, as the register’s SQL and indexes do', () => {
    const byTemplate = publishingVersions().map((v) => ({
      version: `${v.templateId} v${v.version}`,
      officer: OFFICER_TEMPLATES.includes(v.templateId),
    }));
    expect(byTemplate).toEqual(
      publishingVersions().map((v) => ({
        version: `${v.templateId} v${v.version}`,
        officer: v.shape === 'officer',
      })),
    );
  });
});
