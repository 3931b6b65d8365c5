import { stagesOf } from './officer-dashboard.service';

/** The dashboard's stages from its states' counts (officer-dashboard.service.ts). */
describe('the dashboard’s open cases by stage', () => {
  const bcf = 'bcf-delegated-sign-off';
  const jcb = 'jcb-delegated-decision';

  it('sums a stage’s states, parallel regions by their first, most first', () => {
    expect(
      stagesOf([
        {
          templateId: bcf,
          stateKey: 'preSubmission.agreement.ceo;preSubmission.agreement.ao',
          count: 2,
        },
        { templateId: bcf, stateKey: 'preSubmission.drafting', count: 3 },
        { templateId: bcf, stateKey: 'submitted', count: 1 },
        { templateId: jcb, stateKey: 'beforeMeeting.notices', count: 7 },
      ]),
    ).toEqual([
      { templateId: jcb, top: 'beforeMeeting', count: 7, more: false },
      { templateId: bcf, top: 'preSubmission', count: 5, more: false },
      { templateId: bcf, top: 'submitted', count: 1, more: false },
    ]);
  });

  it('says "more" of a stage one of whose states was counted past the bound, adding the bound', () => {
    expect(
      stagesOf(
        [
          { templateId: bcf, stateKey: 'preSubmission.drafting', count: 1001 },
          { templateId: bcf, stateKey: 'preSubmission.agreement', count: 4 },
          { templateId: jcb, stateKey: 'referredBack', count: 1000 },
        ],
        1000,
      ),
    ).toEqual([
      { templateId: bcf, top: 'preSubmission', count: 1004, more: true },
      { templateId: jcb, top: 'referredBack', count: 1000, more: false },
    ]);
  });

  it('orders stages of the same count by template, then stage', () => {
    expect(
      stagesOf([
        { templateId: jcb, stateKey: 'b', count: 1 },
        { templateId: bcf, stateKey: 'z', count: 1 },
        { templateId: bcf, stateKey: 'a', count: 1 },
      ]).map((s) => `${s.templateId}:${s.top}`),
    ).toEqual([`${bcf}:a`, `${bcf}:z`, `${jcb}:b`]);
  });
});
