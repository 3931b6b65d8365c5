import type { EntityManager } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import type { TenantIds } from '../directory/tenant-setup.service';
import type { OpenCaseUseCase } from '../engine/open-case.use-case';
import type { SendEventUseCase } from '../engine/send-event.use-case';
import type { PublishForwardPlanUseCase } from '../forward-plan/publish-forward-plan.use-case';
import { addDays } from '../governance/working-day-calendar.service';
import { yearTheFinancialYearEnds } from './demo-plan-year.service';

/**
 * Officer decisions under delegation (reg 13) in the demo, taken by the Service Director, Adults,
 * Housing and Communities under the scheme of delegation: one key decision to come, listed in a
 * forward plan published today (its 28 clear days count from today), and one decision that is not
 * key, taken and published today, so that the public register shows an officer's decision beside
 * the JCB's. The matters are invented; the people are the demo's; their years follow today, so
 * that a decision taken today never extends a grant to a March already past.
 */
export async function seedDemoOfficerDecisions(
  m: EntityManager,
  deps: { open: OpenCaseUseCase; send: SendEventUseCase; publishPlan: PublishForwardPlanUseCase },
  w: { ids: TenantIds; people: Record<string, Actor>; today: string },
): Promise<{ keyCaseId: string; publishedCaseId: string }> {
  const { open, send, publishPlan } = deps;
  const officer = w.people[w.ids.people.officer];
  const director = w.people[w.ids.people.serviceDirector];
  const roles = { decisionMaker: w.ids.delegations.officerDecision };
  // The March this financial year ends in; the contract starts the April after it.
  const march = yearTheFinancialYearEnds(w.today);
  const representations =
    'Write to democratic.services@example.org, or to Democratic Services, Civic Centre, Southampton';

  const { caseId: keyCaseId } = await open.open(
    {
      template: 'officer-delegated-decision',
      title: `Community equipment service: contract award ${march}–${march + 3}`,
      dates: { decisionDue: addDays(w.today, 35) },
      roles,
    },
    officer,
    m,
  );
  await send.send(
    keyCaseId,
    {
      type: 'DESCRIBE_MATTER',
      payload: {
        summary: `Award the contract for the integrated community equipment service from April ${march}, for three years`,
        keyDecision: true,
        keyDecisionReasons: 'Expenditure of £2.4M over three years, above the £500,000 threshold',
        documents: ['Report of the Service Director, Adults, Housing and Communities'],
        representations,
      },
    },
    officer,
    { expectedVersion: 1, manager: m },
  );
  await publishPlan.publish(officer, { publishedOn: w.today }, m);

  const { caseId: publishedCaseId } = await open.open(
    {
      template: 'officer-delegated-decision',
      title: `Carers’ breaks grant: extension to March ${march}`,
      dates: { decisionDue: w.today },
      roles,
    },
    officer,
    m,
  );
  let version = 1;
  const step = async (actor: Actor, type: string, payload: Record<string, unknown>) => {
    await send.send(publishedCaseId, { type, payload }, actor, {
      expectedVersion: version,
      manager: m,
    });
    version += 1;
  };
  await step(officer, 'DESCRIBE_MATTER', {
    summary: `Extend the carers’ breaks grant to Carers Together to the end of March ${march}`,
    keyDecision: false,
    documents: ['Carers’ breaks grant: six-month review'],
    representations,
  });
  await step(officer, 'RECORD_CONSULTATION', {
    name: 'Cllr Morgan Ellis',
    actingAs: 'Cabinet Member for Adults and Health (demo)',
    consultedOn: w.today,
    views: 'Supports the extension while the new carers’ strategy is written',
  });
  await step(director, 'RECORD_DECISION', {
    decision: `Extend the carers’ breaks grant to Carers Together to the end of March ${march}`,
    decidedOn: w.today,
    reasons:
      'Carers keep their breaks while the carers’ strategy is refreshed; the review found the service good value',
    alternativesRejected: ['Let the grant end now and re-tender at once'],
    backgroundPapers: ['Carers’ breaks grant: six-month review'],
  });
  await step(officer, 'RECORD_PUBLICATION', { publishedOn: w.today });
  return { keyCaseId, publishedCaseId };
}
