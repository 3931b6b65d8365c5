import { INestApplication } from '@nestjs/common';
import { ManualClock } from '../libs/core/clock.service';
import { OpenCaseUseCase } from '../libs/engine/open-case.use-case';
import { SendEventUseCase } from '../libs/engine/send-event.use-case';
import type { TenantSpec } from '../libs/directory/tenant-setup.service';
import { pageText, signedInAs, staffWorld } from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import {
  type BcfWorld,
  withCommissioningLead,
  withIntegratedCareBoard,
} from '../libs/testing/world.factory';

/*
 * A step only a meeting's show of hands records (decided-at-a-meeting.rule.ts) has no form on the
 * case page: the page says it is recorded on the meeting page. The HWBB's decision on a BCF plan
 * signed off by the full board (version 2), the JCB's sign-off of a BCF performance report
 * (version 3); the officer's typed steps beside them keep their forms.
 */

/** The directory's Integrated Care Board and a commissioning lead who presents the report. */
function boardAndReportOffices(spec: TenantSpec): void {
  withIntegratedCareBoard(spec);
  withCommissioningLead(spec);
}

const ON_THE_MEETING_PAGE = 'recorded on the meeting page of the meeting that takes the item';

describe('the case page offers no form for a step decided at a meeting', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let w: BcfWorld;
  const clock = new ManualClock(new Date('2026-07-01T10:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    w = await staffWorld(db.ds, clock, { tweak: boardAndReportOffices });
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  async function opened(
    body: Record<string, unknown>,
    type: string,
    payload: Record<string, unknown>,
  ) {
    const { caseId } = await app.get(OpenCaseUseCase).open(body, w.actors.officer);
    await app
      .get(SendEventUseCase)
      .send(caseId, { type, payload }, w.actors.officer, { expectedVersion: 1 });
    return caseId;
  }

  it('says the HWBB’s show of hands on a full-board BCF plan is recorded on the meeting page, with no form for it', async () => {
    const caseId = await opened(
      {
        template: 'bcf-board-sign-off',
        templateVersion: 2,
        title: 'Better Care Fund plan 2026/27',
        dates: { nationalDeadline: '2026-09-30', expectedAssuranceDate: '2026-11-13' },
        roles: {
          chiefExecutive: w.ids.offices.ceo,
          accountableOfficer: w.ids.offices.icbChiefExecutive,
        },
      },
      'RECORD_ARRANGEMENTS',
      {
        meetingDate: '2026-06-10',
        minuteReference: 'HWBB 10 Jun 2026, minute 6',
        arrangements: 'Final version to the HWBB in July',
      },
    );
    const officer = await signedInAs(app, w, 'officer');
    const page = await officer.get(`/cases/${caseId}`).expect(200);
    expect(page.text).not.toContain(`/cases/${caseId}/events/RECORD_HWBB_DECISION`);
    expect(page.text).not.toContain('id="form-RECORD_HWBB_DECISION"');
    expect(pageText(page.text)).toContain(
      `Record the HWBB’s show of hands at its meeting: ${ON_THE_MEETING_PAGE}`,
    );
  });

  it('offers the proposed arrangements as a form and says their agreement is recorded on the meeting page (full board, version 3)', async () => {
    const { caseId } = await app.get(OpenCaseUseCase).open(
      {
        template: 'bcf-board-sign-off',
        title: 'Better Care Fund plan 2026/27, version 3',
        dates: { nationalDeadline: '2026-09-30', expectedAssuranceDate: '2026-11-13' },
        roles: {
          chiefExecutive: w.ids.offices.ceo,
          accountableOfficer: w.ids.offices.icbChiefExecutive,
        },
      },
      w.actors.officer,
    );
    const officer = await signedInAs(app, w, 'officer');
    const page = await officer.get(`/cases/${caseId}`).expect(200);
    expect(page.text).toContain(`/cases/${caseId}/events/RECORD_PROPOSED_ARRANGEMENTS`);
    expect(page.text).not.toContain(`/cases/${caseId}/events/RECORD_ARRANGEMENTS"`);
    expect(pageText(page.text)).toContain(
      `Record the HWBB’s show of hands on the arrangements at its meeting: ${ON_THE_MEETING_PAGE}`,
    );
  });

  it('says the JCB’s sign-off of a performance report is recorded on the meeting page, with no form for it', async () => {
    const caseId = await opened(
      {
        template: 'bcf-quarterly-performance-report',
        title: 'BCF performance report, Q1 2026/27',
        dates: { jcbMeetingDate: '2026-08-20', submissionDate: '2026-09-10' },
        roles: { commissioningLead: w.ids.offices.commissioningLead },
      },
      'RECORD_PREPARED',
      { preparedOn: '2026-07-01', period: 'Q1', financialYear: '2026/27' },
    );
    const officer = await signedInAs(app, w, 'officer');
    const page = await officer.get(`/cases/${caseId}`).expect(200);
    expect(page.text).not.toContain(`/cases/${caseId}/events/RECORD_JCB_DECISION`);
    expect(pageText(page.text)).toContain(
      `Record the JCB’s show of hands at its meeting: ${ON_THE_MEETING_PAGE}`,
    );
    // A governance lead, who records nothing, is not told where to record it.
    const lead = await signedInAs(app, w, 'governanceLead');
    const read = await lead.get(`/cases/${caseId}`).expect(200);
    expect(pageText(read.text)).not.toContain(ON_THE_MEETING_PAGE);
  });
});
