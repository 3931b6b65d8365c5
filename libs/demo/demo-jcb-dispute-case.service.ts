import type { EntityManager } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import type { TenantIds } from '../directory/tenant-setup.service';
import type { OpenCaseUseCase } from '../engine/open-case.use-case';
import type { SendEventUseCase } from '../engine/send-event.use-case';
import { addDays } from '../governance/working-day-calendar.service';

/** The demo JCB's seats (demo-meetings.service.ts): person key, partner, Cabinet member. */
const SEATS = [
  ['cabinet', 'council', true],
  ['cabinet2', 'council', true],
  ['cabinet3', 'council', true],
  ['gp', 'ccg', false],
  ['ccg2', 'ccg', false],
  ['ccg3', 'ccg', false],
] as const;

const TITLE = 'Integrated wheelchair service: joint contract extension';

/**
 * A JCB case on the disputes route (ToR 8.3, 9.1; the current JCB version, 9), so that a newcomer
 * can see it and answer it as the Leader of the Council or the ICB's chair: at today's meeting one
 * ICB member was against and the Chair referred the matter back; today Cabinet supported it and
 * the ICB's board did not, so it awaits the conclusions of the Leader and the ICB's chair, each
 * emailed a one-time link to answer from (the dev mailbox shows them). Every step goes through the
 * engine, as the officer would send it.
 */
export async function seedDemoJcbDisputeCase(
  m: EntityManager,
  deps: { open: OpenCaseUseCase; send: SendEventUseCase },
  w: { ids: TenantIds; people: Record<string, Actor>; today: string },
): Promise<string> {
  const { ids, today } = w;
  const officer = w.people[ids.people.officer];
  const nameOf = (key: string) => {
    const a = w.people[ids.people[key]];
    return a?.kind === 'person' ? a.person.name : key;
  };
  const { caseId } = await deps.open.open(
    {
      template: 'jcb-delegated-decision',
      title: TITLE,
      dates: { meetingDate: today },
      roles: {
        decisionMaker: ids.delegations.jcbDecision,
        properOfficer: ids.offices.properOfficer,
        urgencyApprover: ids.offices.scrutinyChair,
        leader: ids.offices.leaderOfTheCouncil,
        partnerChair: ids.offices.icbChair,
      },
    },
    officer,
    m,
  );
  let version = 1;
  const step = async (type: string, payload: Record<string, unknown>) => {
    const r = await deps.send.send(caseId, { type, payload }, officer, {
      expectedVersion: version,
      manager: m,
    });
    version = r.version;
  };
  await step('DESCRIBE_MATTER', {
    summary: 'Extend the jointly commissioned wheelchair service contract by one year',
    keyDecision: false,
    documents: ['Report of the Integrated Commissioning Unit: wheelchair service'],
    representations: 'Write to democratic.services@example.org',
  });
  await step('RECORD_NOTICES', {
    meetingDate: today,
    itemTitle: TITLE,
    reportPublishedOn: addDays(today, -14),
  });
  const meeting = {
    meetingDate: today,
    members: SEATS.map(([k, partner, cabinetMember]) => ({
      personId: ids.people[k],
      name: nameOf(k),
      partner,
      cabinetMember,
    })),
    attendance: SEATS.map(([k]) => ({
      personId: ids.people[k],
      name: nameOf(k),
      status: 'present',
    })),
    declarations: [],
    dispensations: [],
  };
  await step('RECORD_ATTENDANCE', { meeting });
  await step('RECORD_SHOW_OF_HANDS', {
    meeting,
    hands: SEATS.map(([k]) => ({
      personId: ids.people[k],
      hand: k === 'ccg2' ? 'against' : 'for',
    })),
    chairChoice: { outcome: 'referredBack', consultedThosePresent: true },
  });
  await step('RECORD_CABINET_DECISION', {
    decidedOn: today,
    outcome: 'supports',
    minuteReference: 'Cabinet, minute 14 (demo)',
  });
  await step('RECORD_PARTNER_BOARD_DECISION', {
    decidedOn: today,
    outcome: 'doesNotSupport',
    minuteReference: 'ICB Board, minute 9 (demo)',
    reasons: 'The wheelchair budget for next year is not yet agreed',
  });
  return caseId;
}
