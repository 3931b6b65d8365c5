import { TemplateVersionNotInThisBuildError } from '../errors/domain.errors';
import { templateOfCase, templateOfView } from './case-template.service';
import { findTemplate } from './template.registry';

describe('a case’s template', () => {
  const caseId = '6dcba3a7-38cf-4931-8cc6-72c06beb2bdf';

  it('is the version the case runs on, when this build released it', () => {
    expect(templateOfCase(caseId, 'bcf-delegated-sign-off', 1)).toBe(
      findTemplate('bcf-delegated-sign-off', 1),
    );
    expect(
      templateOfView({ id: caseId, template: { id: 'bcf-delegated-sign-off', version: 2 } }),
    ).toBe(findTemplate('bcf-delegated-sign-off', 2));
  });

  it('is refused as TEMPLATE_VERSION_NOT_IN_THIS_BUILD, naming case and version, when a newer build released it', () => {
    const read = () =>
      templateOfView({ id: caseId, template: { id: 'bcf-delegated-sign-off', version: 99 } });
    expect(read).toThrow(TemplateVersionNotInThisBuildError);
    expect(read).toThrow(
      expect.objectContaining({
        code: 'TEMPLATE_VERSION_NOT_IN_THIS_BUILD',
        extra: expect.objectContaining({ caseId, templateVersion: 99, retryAfterSeconds: 60 }),
      }),
    );
  });
});
