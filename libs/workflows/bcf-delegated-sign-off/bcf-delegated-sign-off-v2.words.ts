import type { TemplateWords } from '../template-words';
import { bcfDelegatedSignOffWords as v1 } from './bcf-delegated-sign-off.words';

/**
 * Version 2's words: version 1's, naming the Integrated Care Board's Chief Executive where version 1
 * named the Accountable Officer, and the words of the regional team's requests for more
 * information and of the conditions' owners and due dates.
 */
const ROLES = {
  chiefExecutive: 'The council’s Chief Executive',
  accountableOfficer: 'The Integrated Care Board’s Chief Executive',
  delegatedApprover: 'The HWBB chair, under the Board’s delegation',
};
const OWNERS = { ...ROLES, officer: 'The democratic support officer' };

export const bcfDelegatedSignOffV2Words: TemplateWords = {
  dates: v1.dates,
  events: {
    ...v1.events,
    SEEK_AGREEMENT: {
      ...v1.events.SEEK_AGREEMENT,
      done: 'Agreement was sought from the council’s Chief Executive and the Integrated Care Board’s Chief Executive',
    },
    RECORD_ASSURANCE: {
      ...v1.events.RECORD_ASSURANCE,
      fields: {
        ...v1.events.RECORD_ASSURANCE.fields,
        conditionsOwner: {
          label: 'Who owns the conditions',
          name: 'who owns the conditions',
          hint: 'Only when approved with conditions. Each condition can be handed to someone else later.',
          options: OWNERS,
        },
        conditionsDueBy: {
          label: 'Date the conditions are due by',
          name: 'the date the conditions are due by',
          hint: 'Only when approved with conditions',
        },
      },
    },
    REQUEST_INFORMATION: {
      action: 'Record a request for more information',
      done: 'The regional team’s request for more information was recorded; the assurance deadline is paused',
      fields: {
        requestedOn: {
          label: 'Date the regional team asked',
          name: 'the date the regional team asked',
        },
        details: {
          label: 'What the regional team asked for',
          name: 'what the regional team asked for',
          kind: 'long',
        },
        respondBy: {
          label: 'Date the information is asked for by',
          name: 'the date the information is asked for by',
        },
      },
    },
    PROVIDE_INFORMATION: {
      action: 'Record the information given',
      done: 'The information given to the regional team was recorded; the assurance deadline runs again',
      fields: {
        givenOn: {
          label: 'Date the information was given',
          name: 'the date the information was given',
        },
        response: {
          label: 'What was given',
          name: 'what was given',
          hint: 'Optional',
          kind: 'long',
        },
      },
    },
    ASSIGN_CONDITION: {
      action: 'Change a condition’s owner or due date',
      done: 'A condition’s owner or due date was changed',
      fields: {
        conditionId: { label: 'Condition', name: 'the condition', kind: 'condition' },
        owner: { label: 'Who owns it', name: 'who owns the condition', options: OWNERS },
        dueBy: { label: 'Date it is due by', name: 'the date the condition is due by' },
      },
    },
    REASSIGN_ROLE: {
      ...v1.events.REASSIGN_ROLE,
      fields: {
        ...v1.events.REASSIGN_ROLE.fields,
        reassign: { label: 'Which role', name: 'the role to hand over', options: ROLES },
      },
    },
  },
};
