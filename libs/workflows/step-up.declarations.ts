import type { WorkflowTemplate } from './workflow.template';

/**
 * Which requests answered from an emailed link need the person to prove who they are before the
 * answer is recorded (a "step-up": their organisation's sign-in, else a code emailed separately),
 * declared per template id and request, around the machines (docs/adr/0016). The links' answer path
 * checks them before the event reaches the engine (libs/links/link-step-up.service.ts), for every
 * version of the template alike: no machine, trace or generated definition changes (ADR 0007).
 * Each entry says, in words, what the answer is, for the page that asks the person to confirm.
 */
export const STEP_UP_REQUESTS: Record<string, Record<string, string>> = {
  // DOMAIN: a Decision Notice is signed by the decision maker and the Proper Officer; the decision
  // itself is the delegate's, and a key decision when the forward plan lists it.
  'jcb-delegated-decision': {
    'decision-requested': 'taking the decision',
    'notice-signature-requested': 'signing the Decision Notice',
  },
};

/**
 * What the answer to a request is, when it needs a step-up; null when a link alone suffices. By
 * default, beyond the declarations: every request to the decision maker of a template whose cases
 * may lead to a key decision (`keyDecisions.decisionMakerRole`).
 */
export function stepUpRequiredFor(
  template: Pick<WorkflowTemplate, 'id' | 'keyDecisions'>,
  request: string,
  role: string,
): string | null {
  const declared = STEP_UP_REQUESTS[template.id]?.[request];
  if (declared) return declared;
  if (template.keyDecisions?.decisionMakerRole === role) return 'taking a key decision';
  return null;
}
