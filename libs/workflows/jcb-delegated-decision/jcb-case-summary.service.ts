import type { StateDescription } from '../workflow.template';
import type { JcbContext } from './jcb-delegated-decision.context';

/**
 * Where a version 1 case stands, in words, and whom it awaits (the template's describe(); versions
 * 2 to 4 add their own states and fall back on it).
 */

const ROLE_WORDS: Record<string, string> = {
  decisionMaker: 'the decision maker',
  properOfficer: 'the Proper Officer',
};

export function describeJcbCase(value: unknown, context: unknown): StateDescription {
  const ctx = context as JcbContext;
  const meeting = ctx.dates.meetingDate;
  const late = ctx.overdue?.meeting ? ' (overdue: the meeting date has passed)' : '';
  if (value === 'implementable')
    return {
      summary: `Implementable from ${ctx.implementableOn}: decision taken, notice signed and published`,
      awaiting: [],
    };
  if (value === 'referredBack')
    return {
      summary: 'No consensus: referred back to the parent bodies (ToR 8.3)',
      awaiting: [],
    };
  if (value === 'deferred')
    return {
      summary: 'No consensus: deferred until the Chair and the partner lead have talked (ToR 8.2)',
      awaiting: ['officer'],
    };
  if (value === 'awaitingDecision')
    return {
      summary:
        ctx.earlierDecisions.length > 0
          ? 'Referred back after call-in: awaiting the decision maker’s fresh decision'
          : 'Consensus reached: awaiting the decision under delegation',
      awaiting: ['decisionMaker'],
    };
  if (value === 'awaitingPublication')
    return { summary: 'Decision Notice signed: awaiting publication', awaiting: ['officer'] };
  const v = value as Record<string, unknown>;
  if (v.beforeMeeting !== undefined) {
    switch (v.beforeMeeting as string) {
      case 'notices':
        return {
          summary: `Awaiting the notice checks for the meeting on ${meeting}${late}`,
          awaiting: ['officer'],
        };
      case 'meeting':
        return {
          summary: `Awaiting attendance and declarations at the meeting on ${meeting}${late}`,
          awaiting: ['officer'],
        };
      default:
        return {
          summary: `Quorate: awaiting the show of hands at the meeting on ${meeting}${late}`,
          awaiting: ['officer'],
        };
    }
  }
  if (v.signing !== undefined) {
    const s = v.signing as Record<string, string>;
    const awaiting = ['decisionMaker', 'properOfficer'].filter((r) => s[r] === 'awaiting');
    return {
      summary: `Awaiting the Decision Notice signature of ${awaiting.map((r) => ROLE_WORDS[r]).join(' and ')}`,
      awaiting,
    };
  }
  if (v.callInPeriod === 'suspended')
    return {
      summary: `Called in on ${ctx.callIn?.calledInOn}: suspended until the outcome is recorded`,
      awaiting: ['officer'],
    };
  return {
    summary: `Published: call-in period ends ${ctx.publication?.callInEndsOn}; implementable from ${ctx.publication?.implementableFrom} if not called in`,
    awaiting: [],
  };
}
