import type { FieldWords, TemplateWords } from '../template-words';

const DECISION: FieldWords = {
  label: 'Decision',
  name: 'the decision',
  options: { approved: 'Approved', notApproved: 'Not approved' },
};
const REASONS: FieldWords = {
  label: 'Reasons',
  name: 'the reasons',
  hint: 'Optional',
  kind: 'long',
};

/** The grant ratification's words (every version). */
export const grantRatificationWords: TemplateWords = {
  dates: {
    cabinetMeetingDate: 'Date of the Cabinet meeting',
    councilMeetingDate: 'Date of the Full Council meeting',
    ratificationDeadline: 'Ratification deadline',
  },
  events: {
    RECORD_AGREEMENT_IN_PRINCIPLE: {
      action: 'Record the agreement in principle',
      done: 'The agreement in principle was recorded',
      fields: {
        body: {
          label: 'Which board agreed',
          name: 'which board agreed',
          options: {
            integrationBoard: 'Integration Board',
            commissioningPartnershipBoard: 'Commissioning Partnership Board',
          },
        },
        reasons: REASONS,
      },
    },
    RECORD_CABINET_DECISION: {
      action: 'Record Cabinet’s decision',
      done: 'Cabinet’s decision was recorded',
      fields: { decision: DECISION, reasons: REASONS },
    },
    RECORD_COUNCIL_DECISION: {
      action: 'Record Full Council’s decision',
      done: 'Full Council’s decision was recorded',
      fields: { decision: DECISION, reasons: REASONS },
    },
    RECORD_RATIFICATION: {
      action: 'Record the HWBB’s ratification',
      done: 'The HWBB’s ratification was recorded',
      fields: {
        decision: {
          label: 'Decision',
          name: 'the decision',
          options: { ratified: 'Ratified', notRatified: 'Not ratified' },
        },
        reasons: REASONS,
      },
    },
  },
};
