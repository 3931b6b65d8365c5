import type { EntityManager } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import type { TenantIds } from '../directory/tenant-setup.service';
import type { OpenCaseUseCase } from '../engine/open-case.use-case';
import type { SendEventUseCase } from '../engine/send-event.use-case';
import type { PublishForwardPlanUseCase } from '../forward-plan/publish-forward-plan.use-case';
import { addDays } from '../governance/working-day-calendar.service';

/**
 * The demo's JCB contract award (JCB delegated decision, the current version), awaiting its
 * meeting, held today (a case is opened for a meeting ahead, so today is the earliest): the officer
 * describes the matter as a key decision (DESCRIBE_MATTER, reg 9(2)'s particulars), and the forward
 * plan listing it was published two months before the meeting, so its 28 clear days are met (this
 * council's clear days skip weekends and holidays: 28 of them need about six weeks, eight over
 * Christmas). The show of hands recorded on the meeting page moves the case on, and a newcomer can
 * walk the decision to the public register the day they run the demo.
 */
export async function seedDemoJcbCase(
  m: EntityManager,
  deps: { open: OpenCaseUseCase; send: SendEventUseCase; publishPlan: PublishForwardPlanUseCase },
  w: { ids: TenantIds; people: Record<string, Actor>; today: string },
): Promise<{ caseId: string; meetingDate: string; planPublishedOn: string }> {
  const { open, send, publishPlan } = deps;
  const officer = w.people[w.ids.people.officer];
  const meetingDate = w.today;
  const planPublishedOn = addDays(meetingDate, -60);
  const { caseId } = await open.open(
    {
      template: 'jcb-delegated-decision',
      title: 'Integrated carers support service: contract award',
      dates: { meetingDate },
      roles: {
        decisionMaker: w.ids.delegations.jcbDecision,
        properOfficer: w.ids.offices.properOfficer,
        urgencyApprover: w.ids.offices.scrutinyChair,
        leader: w.ids.offices.leaderOfTheCouncil,
        partnerChair: w.ids.offices.icbChair,
      },
    },
    officer,
    m,
  );
  await send.send(
    caseId,
    {
      type: 'DESCRIBE_MATTER',
      payload: {
        summary:
          'Award the contract for the integrated carers support service, jointly commissioned by the council and the CCG, for three years',
        keyDecision: true,
        keyDecisionReasons:
          'Expenditure of £1.5M over three years, above the £500,000 threshold, affecting carers in every ward',
        documents: ['Report of the Director of Adult Social Care: carers support tender'],
        representations:
          'Write to democratic.services@example.org, or to Democratic Services, Civic Centre, Southampton',
      },
    },
    officer,
    { expectedVersion: 1, manager: m },
  );
  await publishPlan.publish(officer, { publishedOn: planPublishedOn }, m);
  return { caseId, meetingDate, planPublishedOn };
}
