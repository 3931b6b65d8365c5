import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { HttpCases } from '../libs/testing/http-cases.service';
import type { JcbWorld } from '../libs/testing/jcb-world.factory';
import { errorSummary, pageText, postForm } from '../libs/testing/staff-page-client.service';
import { jcbOfficerAppHarness } from '../libs/testing/jcb-officer-app-harness.service';

/*
 * A JCB case opened today opens on version 6, whose first step is the officer's description of the
 * matter for the forward plan (DESCRIBE_MATTER), on the case page as on the API: a key decision
 * without its reasons is refused in the GOV.UK error summary, linked to the field, what was typed
 * kept; described, the case awaits the notices and the draft forward plan lists it.
 */
type V6Context = { matter: { keyDecision: boolean; documents: string[] } | null };

describe('describing a JCB matter for the forward plan on the case page', () => {
  const { ready, signedInOfficer } = jcbOfficerAppHarness();
  let world: JcbWorld;
  let app: INestApplication;
  beforeAll(() => ({ world, app } = ready()));
  const cases = new HttpCases(
    () => app,
    () => world.keys.officer,
  );

  it('opens a JCB case on version 6 and takes the matter from the case page, refusing a key decision without its reasons', async () => {
    const c = await cases.open({
      template: 'jcb-delegated-decision',
      templateVersion: 6,
      title: 'Integrated carers support service contract',
      dates: { meetingDate: '2025-09-18' },
      roles: world.jcbRoles,
    });
    expect(c.template.version).toBe(6);
    const officer = await signedInOfficer();
    const page = await officer.get(`/cases/${c.id}`).expect(200);
    expect(page.text).toContain('id="form-DESCRIBE_MATTER"');
    expect(pageText(page.text)).toContain('Awaiting the officer’s description of the matter');

    const path = `/cases/${c.id}/events/DESCRIBE_MATTER`;
    const fields = {
      summary: 'Award the integrated carers support contract for three years',
      keyDecision: 'yes',
      keyDecisionReasons: '',
      documents: 'Report of the Director of Adult Social Care\r\nTender evaluation summary',
      exemptReasons: '',
      representations: 'Write to democratic.services@example.org',
      expectedVersion: String(c.version),
    };
    const refused = await postForm(officer, path, fields, 422);
    const summary = errorSummary(refused.text);
    expect(summary).toHaveLength(1);
    expect(summary[0].href).toBe('#DESCRIBE_MATTER-keyDecisionReasons');
    expect(summary[0].text).toContain('reasons it is a key decision');
    expect(refused.text).toContain('Award the integrated carers support contract for three years');
    expect((await cases.read(c.id)).version).toBe(c.version);

    const done = await postForm(
      officer,
      path,
      { ...fields, keyDecisionReasons: 'Spending of £1.5M, above the £500,000 threshold' },
      303,
    );
    expect(done.headers.location).toBe(`/cases/${c.id}?done=DESCRIBE_MATTER`);
    const described = await cases.read(c.id);
    expect((described.context as V6Context).matter).toMatchObject({
      keyDecision: true,
      documents: ['Report of the Director of Adult Social Care', 'Tender evaluation summary'],
    });
    expect(described.state.summary).toContain('not yet in a published forward plan');
    const draft = await request(app.getHttpServer())
      .get('/api/forward-plan/draft')
      .set({ Authorization: `Bearer ${world.keys.officer}` })
      .expect(200);
    expect(
      (draft.body as { keyDecisions: { caseId: string }[] }).keyDecisions.map((k) => k.caseId),
    ).toEqual([c.id]);
  });
});
