import type { TemplateWords } from '../template-words';
import { officerDelegatedDecisionWords } from '../officer-delegated-decision/officer-delegated-decision.words';
import { jcbDelegatedDecisionV4Words as v4 } from './jcb-delegated-decision-v4.words';

/**
 * Version 6's words: versions 4 and 5's, the matter described for the forward plan (as an
 * officer's decision describes it), and the notices taking the plan's day from the case.
 */
const notices = v4.events.RECORD_NOTICES;
const officers = officerDelegatedDecisionWords.events;
export const jcbDelegatedDecisionV6Words: TemplateWords = {
  ...v4,
  events: {
    DESCRIBE_MATTER: {
      ...officers.DESCRIBE_MATTER,
      done: 'The matter was described for the forward plan',
    },
    FORWARD_PLAN_PUBLISHED: {
      action: 'Record the forward plan',
      done: 'The forward plan listing this matter was published',
      fields: { publishedOn: { label: 'Date the forward plan was published' } },
    },
    ...v4.events,
    RECORD_NOTICES: {
      ...notices,
      fields: {
        ...notices.fields,
        keyDecision: {
          label: 'Is it a key decision?',
          name: 'whether it is a key decision',
          hint: 'Optional: the matter as described says so',
        },
        forwardPlanPublishedOn: {
          label: 'Date the forward plan notice was published',
          name: 'the date the forward plan notice was published',
          hint: 'Leave blank: it is the date the council published the forward plan listing the matter',
        },
        forwardPlanEdition: { label: 'Forward plan edition', hidden: true },
      },
    },
  },
};
