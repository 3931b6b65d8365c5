import { withCouncilRules } from '../council-context.service';
import { jcbDelegatedDecisionV1 } from './jcb-delegated-decision.template';
import { jcbDelegatedDecisionV2 } from './jcb-delegated-decision-v2.template';

/*
 * A date that does not exist is refused as bad input, never thrown: the payloads' own rules (the
 * call-in period, the urgency exemption) compute with dates, and zod would run them after a
 * field's failure unless that failure aborts.
 */
const exemption = {
  agreedOn: '2025-09-04',
  reason: 'urgent',
  approver: { personId: 'p', name: 'n', actingAs: 'a' },
  explanation: [],
};
const BAD = ['2025-13-01', '2025-02-30', 'nope', '4/9/2025'];

describe('JCB delegated decision payloads and dates that do not exist', () => {
  const cases = [
    [jcbDelegatedDecisionV1, 'RECORD_PUBLICATION', (d: string) => ({ publishedOn: d }), {}],
    [
      jcbDelegatedDecisionV2,
      'RECORD_PUBLICATION',
      (d: string) => ({ publishedOn: d }),
      { urgencyExemption: null },
    ],
    [
      jcbDelegatedDecisionV2,
      'RECORD_PUBLICATION',
      (d: string) => ({ publishedOn: d }),
      { urgencyExemption: exemption },
    ],
    [
      jcbDelegatedDecisionV2,
      'EXEMPT_FROM_CALL_IN',
      (d: string) => ({ agreedOn: d, reason: 'The provider stops trading' }),
      { urgencyExemption: null },
    ],
    [
      jcbDelegatedDecisionV2,
      'CALL_IN',
      (d: string) => ({ calledInOn: d, calledInBy: 'Cllr Jan Cole', reasons: 'cost' }),
      { urgencyExemption: exemption },
    ],
  ] as const;

  it.each(
    cases.flatMap(([t, event, payload, ctx]) =>
      BAD.map((d) => [t, event, payload(d), ctx, d] as const),
    ),
  )(
    'refuses %#: a bad date in the event, as a problem and without throwing',
    (template, event, payload, context) => {
      const parsed = withCouncilRules(
        {},
        () =>
          (
            template.events as Record<
              string,
              { payload: { safeParse(x: unknown): { success: boolean } } }
            >
          )[event].payload.safeParse(payload),
        undefined,
        { notices: { keyDecision: true }, publication: null, ...context },
      );
      expect(parsed.success).toBe(false);
    },
  );
});
