import { ruleSettings } from '../governance/council-settings.service';
import { noticesFor, quorumFor } from './meeting-assessment.service';
import { hwbbRules, jcbRules } from '../governance/body-rules.schema';
import { meetingRulesOf, type MeetingRecord } from './meeting-record.service';

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
  const none = { council: null, ccg: null, healthwatch: null };

  it('takes the blocs that must assent from the body’s stored decision rule', () => {
    expect(meetingRulesOf('Joint Commissioning Board', jcbRules(none)).partners).toEqual([
      'council',
      'ccg',
    ]);
    expect(meetingRulesOf('Health and Wellbeing Board', hwbbRules(none)).partners).toEqual([]);
    expect(
      meetingRulesOf('Cabinet', {
        ...jcbRules(none),
        decision: { kind: 'majority', source: 'Cabinet procedure rules' },
      }).partners,
    ).toEqual([]);
  });

  it('finds an HWBB quorate only with an elected, a health and a Healthwatch member', () => {
    const hwbb = meetingRulesOf('Health and Wellbeing Board', hwbbRules(none));
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
