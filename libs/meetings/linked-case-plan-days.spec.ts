import { tenantScope } from '../core/tenant-scope';
import type { CasePlanDay, ForwardPlanRepository } from '../forward-plan/forward-plan.repository';
import type { AgendaItemRow } from './agenda-items.repository';
import { LinkedCasePlanDays } from './linked-case-plan-days.service';

/*
 * The forward plan's day of an agenda item linked to a case, while that case is on a template
 * version this build lacks (a rolling upgrade, or a downgrade): not dropped to the day typed on
 * the item. A published plan's day is the plan's; a case of a template that declares key
 * decisions and no plan has listed has none; a template this build does not know at all and no
 * plan listed keeps the item's own day, as any template that is told the day by no plan.
 */
describe('the plan day of an item linked to a case on a template version this build lacks', () => {
  const TYPED = '2025-06-02';
  const item = (caseId: string): AgendaItemRow => ({
    id: `item-${caseId}`,
    position: 1,
    title: `Item of ${caseId}`,
    caseId,
    keyDecision: true,
    forwardPlanPublishedOn: TYPED,
    part2Reasons: null,
    noticeRoutes: {},
    privateNoticePublishedOn: null,
    reportPublishedOn: null,
  });
  const days: CasePlanDay[] = [
    {
      caseId: 'listed',
      templateId: 'officer-delegated-decision',
      templateVersion: 99,
      firstPublishedOn: '2025-05-01',
    },
    {
      caseId: 'unlisted',
      templateId: 'officer-delegated-decision',
      templateVersion: 99,
      firstPublishedOn: null,
    },
    {
      caseId: 'unknown',
      templateId: 'a-template-of-a-newer-build',
      templateVersion: 1,
      firstPublishedOn: null,
    },
    {
      caseId: 'unknown-listed',
      templateId: 'a-template-of-a-newer-build',
      templateVersion: 1,
      firstPublishedOn: '2025-05-08',
    },
    {
      caseId: 'released',
      templateId: 'officer-delegated-decision',
      templateVersion: 1,
      firstPublishedOn: null,
    },
    {
      caseId: 'no-key-decisions',
      templateId: 'bcf-delegated-sign-off',
      templateVersion: 2,
      firstPublishedOn: null,
    },
  ];
  const plan = { planDaysOf: () => Promise.resolve(days) } as unknown as ForwardPlanRepository;

  it('takes the published plan’s day, or none, for a key-decision template’s case; the typed day otherwise', async () => {
    const read = await new LinkedCasePlanDays(plan).of(
      tenantScope('00000000-0000-4000-8000-000000000001'),
      {} as never,
      days.map((d) => item(d.caseId)),
    );
    expect(Object.fromEntries(read.map((i) => [i.caseId, i.forwardPlanPublishedOn]))).toEqual({
      listed: '2025-05-01',
      unlisted: null,
      unknown: TYPED,
      'unknown-listed': '2025-05-08',
      released: null,
      'no-key-decisions': TYPED,
    });
  });
});
