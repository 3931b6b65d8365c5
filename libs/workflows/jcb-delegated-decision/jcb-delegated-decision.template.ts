import { z } from 'zod';
import type { WorkflowTemplate } from '../workflow.template';
import type { JcbContext } from './jcb-delegated-decision.context';
import { jcbDelegatedDecisionMachine } from './jcb-delegated-decision.machine';
import { jcbMeetingEvents } from './jcb-meeting-events.service';
import { buildDecisionNotice } from './decision-notice.service';
import { jcbDelegatedDecisionEmails } from './jcb-delegated-decision.emails';
import { describeJcbCase } from './jcb-case-summary.service';
import { decisionPayload, publicationPayload } from './jcb-decision.schema';
import { JCB_DECISION_SCOPE } from './jcb-delegation.service';
import { jcbMeetingPeople, SEED_MEETING } from './jcb-meeting-people.service';
import { noticesPayload } from './jcb-notices.schema';
import { isoDate, JCB_ITEM_ID, text } from './jcb-payload-parts.schema';

/**
 * Version 1 of the JCB delegated decision: its roles, dates and events. Each event's payload is
 * checked by the Board's rules before the machine sees it (notices: jcb-notices.schema.ts; the
 * meeting: jcb-meeting-people.service.ts; the decision and its publication: jcb-decision.schema.ts);
 * what the rules compute (verdicts, the quorum, the call-in dates) is written into the payload for
 * the machine. Where a case stands, in words: jcb-case-summary.service.ts.
 */

const { attendancePayload, handsPayload } = SEED_MEETING;

export const jcbDelegatedDecisionV1: WorkflowTemplate = {
  usesCouncilSettings: true,
  id: 'jcb-delegated-decision',
  version: 1,
  title: 'Joint Commissioning Board: decision under delegation',
  machine: jcbDelegatedDecisionMachine,
  decisionNotice: (input) =>
    buildDecisionNotice({ ...input, context: input.context as JcbContext }),
  exemptInformation: (context) => (context as JcbContext).notices?.privateItem ?? null,
  roles: {
    decisionMaker: {
      label: 'Member holding the JCB delegation (decision maker)',
      binding: 'delegation',
      delegationScope: JCB_DECISION_SCOPE,
    },
    properOfficer: { label: 'Proper Officer (Democratic Services)', binding: 'office' },
    officer: { label: 'Democratic support officer', binding: 'officers' },
  },
  dateFields: {
    meetingDate: 'The Board meeting at which the item is to be taken',
  },
  dates: (today) =>
    z
      .object({
        meetingDate: isoDate.refine((d) => d >= today, 'the meeting must not be in the past'),
      })
      .strict(),
  events: {
    RECORD_NOTICES: {
      sendableBy: ['officer'],
      payload: noticesPayload,
      description:
        'Record the forward plan and report publication dates (and any Part 2 notice and reasons); refused when the meeting date breaks a notice rule.',
    },
    RECORD_ATTENDANCE: {
      sendableBy: ['officer'],
      payload: attendancePayload,
      description:
        'Record the members (with partner), who is present, apologies and substitutes, and the declarations of interest; refused when the Board is not quorate.',
    },
    RECORD_SHOW_OF_HANDS: {
      sendableBy: ['officer'],
      payload: handsPayload,
      description:
        'Record each eligible member’s hand (for, against, abstain) for the same attendance; without consensus, the Chair’s choice to defer or refer back.',
    },
    RECONSIDER: {
      sendableBy: ['officer'],
      payload: z
        .object({
          talkedOn: isoDate,
          note: text('what the Chair and partner lead agreed'),
          meetingDate: isoDate,
        })
        .strict(),
      description:
        'After the Chair and the partner lead have talked, bring the deferred item back to a later meeting.',
    },
    RECORD_DECISION: {
      sendableBy: ['decisionMaker'],
      payload: decisionPayload,
      description:
        'Record the decision under the JCB delegation: the decision, reasons, alternatives rejected and the sum committed; refused outside the delegation.',
    },
    SIGN_NOTICE: {
      sendableBy: ['decisionMaker', 'properOfficer'],
      payload: z.object({ signedOn: isoDate }).strict(),
      description:
        'Sign the Decision Notice (the decision maker and the Proper Officer, either order).',
    },
    RECORD_PUBLICATION: {
      sendableBy: ['officer'],
      payload: publicationPayload,
      description:
        'Record the Decision Notice’s publication; the call-in period and the implementable-from date are computed.',
    },
    CALL_IN: {
      sendableBy: ['officer'],
      payload: z
        .object({
          calledInOn: isoDate,
          calledInBy: text('who called it in'),
          reasons: text('reasons'),
        })
        .strict(),
      description: 'Record a call-in within the call-in period: implementation is suspended.',
    },
    RECORD_CALL_IN_OUTCOME: {
      sendableBy: ['officer'],
      payload: z
        .object({
          result: z.enum(['decisionConfirmed', 'referredBackToDecisionMaker'], {
            message: 'result is decisionConfirmed or referredBackToDecisionMaker',
          }),
          recordedOn: isoDate,
          minuteReference: text('minute reference'),
        })
        .strict(),
      description:
        'Record the scrutiny outcome of a call-in: the decision stands, or it goes back to the decision maker.',
    },
    DEADLINE_PASSED: {
      sendableBy: ['system'],
      payload: z.object({ key: z.enum(['meeting', 'callIn']) }).strict(),
      description: 'A deadline passed (sent by the worker).',
    },
    REMINDER_DUE: {
      sendableBy: ['system'],
      payload: z
        .object({ key: z.enum(['meeting', 'callIn']), workingDaysLeft: z.number().int() })
        .strict(),
      description: 'A reminder fell due (sent by the worker).',
    },
  },
  emails: jcbDelegatedDecisionEmails,
  requestMessages: [],
  linkResponses: {},
  // A meeting's recorded outcome of the case's agenda item is carried into the case.
  meetingEvents: (outcome, current) => jcbMeetingEvents(outcome, current, JCB_ITEM_ID),
  // The meeting is the Board's that granted the decision maker's delegation (ToR 8.1, 8.4).
  meetingPeople: { bodyRole: 'decisionMaker', claimed: jcbMeetingPeople },
  deadlineFor(message, context) {
    const ctx = context as JcbContext;
    if (message.startsWith('meeting')) return ctx.dates.meetingDate;
    if (message === 'decision-published') return ctx.publication?.implementableFrom ?? null;
    return null;
  },
  describe: describeJcbCase,
};
