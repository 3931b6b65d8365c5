import { ruleSettings } from '../governance/council-settings.service';
import { noticesFor, quorumFor } from './meeting-assessment.service';
import { bodyRules, type MeetingRecord } from './meetings.repository';

const meeting = (kind: 'hwbb' | 'jcb', agendaPublishedOn: string | null = null) => ({
  id: 'm',
  bodyId: 'b',
  bodyName: kind === 'hwbb' ? 'Health and Wellbeing Board' : 'Joint Commissioning Board',
  bodyKind: kind,
  meetingDate: '2025-09-04',
  title: 'meeting',
  agendaPublishedOn,
});
const record = (over: Partial<MeetingRecord>): MeetingRecord => ({
  meeting: meeting('hwbb'),
  members: [],
  items: [],
  attendance: [],
  declarations: [],
  votes: [],
  outcomes: [],
  minutesApprovals: [],
  settings: ruleSettings({}),
  ...over,
});
const item = {
  id: 'i',
  position: 1,
  title: 'Item',
  caseId: null,
  keyDecision: false,
  forwardPlanPublishedOn: null,
  part2Reasons: null,
  privateNoticePublishedOn: null,
  reportPublishedOn: null,
  noticeRoutes: {},
};

describe('meeting rules per body', () => {
  it('counts HWBB seats by organisation: council elected, CCG health, Healthwatch', () => {
    const hwbb = bodyRules('hwbb')!;
    expect(hwbb.categoriesOf('local_authority')).toEqual(['elected']);
    expect(hwbb.categoriesOf('ccg')).toEqual(['health']);
    expect(hwbb.categoriesOf('healthwatch')).toEqual(['healthwatch']);
    expect(bodyRules('jcb')!.partners).toEqual(['council', 'ccg']);
    expect(bodyRules('cpb')).toBeNull();
  });

  it('finds an HWBB quorate only with an elected, a health and a Healthwatch member', () => {
    const hwbb = bodyRules('hwbb')!;
    const members = [
      { personId: 'a', name: 'A', categories: ['elected'], partner: 'council' },
      { personId: 'b', name: 'B', categories: ['elected'], partner: 'council' },
      { personId: 'c', name: 'C', categories: ['health'], partner: 'ccg' },
      { personId: 'd', name: 'D', categories: ['healthwatch'], partner: 'healthwatch' },
    ];
    const present = (ids: string[]) =>
      members.map((m) => ({
        personId: m.personId,
        name: m.name,
        status: ids.includes(m.personId) ? ('present' as const) : ('apologies' as const),
      }));
    expect(
      quorumFor(record({ members, attendance: present(['a', 'b', 'c']) }), hwbb, null),
    ).toMatchObject({ quorate: false });
    expect(
      quorumFor(record({ members, attendance: present(['a', 'c', 'd']) }), hwbb, null),
    ).toMatchObject({ quorate: true });
  });

  it('takes the agenda’s publication date as the report’s unless the report has its own', () => {
    const withAgenda = noticesFor(record({ meeting: meeting('jcb', '2025-08-22') }), item);
    expect(withAgenda.verdicts[1].code).toBe('REPORT_ON_TIME');
    const lateReport = noticesFor(record({ meeting: meeting('jcb', '2025-08-22') }), {
      ...item,
      reportPublishedOn: '2025-09-02',
    });
    expect(lateReport.verdicts[1].code).toBe('REPORT_LATE');
  });
});
