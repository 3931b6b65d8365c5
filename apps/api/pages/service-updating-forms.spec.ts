import { TemplateVersionNotInThisBuildError } from '../../../libs/errors/domain.errors';
import { findTemplate } from '../../../libs/workflows/template.registry';
import { addRefusal as addEventRefusal, eventForm } from './event-form.service';
import { FormErrors } from './forms/form-errors.service';
import { addRefusal } from './forms/refusal-errors.service';
import { refusal, statusOf } from './meeting-refusal.service';

/** A case on a version a newer build released, met by a form's use case (a rolling upgrade). */
const newer = () =>
  new TemplateVersionNotInThisBuildError('6b1f0c1e-0000-4000-8000-000000000001', 'jcb', 99);

describe('a form whose use case meets a case on a version this build lacks', () => {
  it('is not the meeting form’s to fix: the refusal goes on to the service-being-updated page', () => {
    const e = newer();
    expect(() => refusal(e, 'schedule', null, {})).toThrow(e);
    expect(() => statusOf(e)).toThrow(e);
  });

  it('is not a directory or forward plan form’s error either', () => {
    const e = newer();
    expect(() => addRefusal(new FormErrors(), e, {}, { subject: 'body' })).toThrow(e);
  });

  it('is not a case event form’s error: its version never shows in an error summary', () => {
    const bcf = findTemplate('bcf-delegated-sign-off', 1)!;
    const errors = new FormErrors();
    expect(addEventRefusal(eventForm(bcf, 'RECORD_SUBMISSION'), newer(), errors)).toBe(false);
    expect(errors.items).toEqual([]);
  });
});
