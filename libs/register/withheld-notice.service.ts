import type { DecisionNotice } from '../workflows/decision-notice';

/** What the public register shows in place of exempt information. */
export const WITHHELD = 'Withheld: exempt information (Part 2)';

/**
 * A Decision Notice as the public may read it when its item is exempt (Part 2): that a decision
 * was taken, when, by whom and under which authority, key or not, its call-in and its dates; never
 * its content (title, decision, reasons, alternatives, sum, the nature of interests, the views of
 * those consulted, the background papers).
 */
export function withheld(notice: DecisionNotice): DecisionNotice {
  // The urgency's reason is written about the exempt business itself: withheld with it.
  const urgencyReason = notice.urgencyExemption?.reason;
  const withholdReason = (line: string) =>
    urgencyReason ? line.split(urgencyReason).join(WITHHELD) : line;
  return {
    ...notice,
    title: WITHHELD,
    itemTitle: WITHHELD,
    decision: WITHHELD,
    reasons: WITHHELD,
    alternativesRejected: [],
    amount: null,
    interests: notice.interests.map((i) => ({ ...i, nature: WITHHELD })),
    callIn: {
      status: withholdReason(notice.callIn.status),
      explanation: notice.callIn.explanation.map(withholdReason),
    },
    urgencyExemption: notice.urgencyExemption && {
      ...notice.urgencyExemption,
      reason: WITHHELD,
    },
    ...(notice.consultations
      ? {
          consultations: notice.consultations.map((c) => ({
            ...c,
            views: WITHHELD,
            conflict: c.conflict === null ? null : WITHHELD,
          })),
        }
      : {}),
    ...(notice.backgroundPapers ? { backgroundPapers: [] } : {}),
  };
}
