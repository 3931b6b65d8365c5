import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { pdfFile } from '../libs/testing/document-fixtures.service';
import { EIA_2017 } from '../libs/testing/pharmacy-notification-2017.fixture';
import {
  errorSummary,
  inputValue,
  pageText,
  postForm,
  signedInAs,
} from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, type TestDatabase } from '../libs/testing/test-database.service';
import * as words from '../libs/workflows/template-words.registry';
import { findTemplate } from '../libs/workflows/template.registry';
import { pharmacyCaseWithOfficerAsDph } from '../libs/testing/officer-as-dph.factory';

/*
 * An officer who also holds the Director of Public Health's office records a pharmacy
 * consolidation's EIA on the case page: both roles take the step, so the page asks which
 * (acting-role.service.ts; test/acting-role-browser.e2e-spec.ts walks it in Chromium). Once
 * asked, the role chosen stays with the answers: on the check-your-answers page, as a row with
 * its Change, and when the case changed meanwhile and the form comes back at its new version.
 */
describe('the role a person acts in, kept with their answers on the case page', () => {
  const clock = new ManualClock(new Date('2017-08-29T09:00:00Z'));
  const TEMPLATE = 'pharmacy-consolidation-representation';
  const roles = findTemplate(TEMPLATE, 1)!.roles;
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  async function caseWithOfficerAsDph() {
    const { w, id } = await pharmacyCaseWithOfficerAsDph(db.ds, clock, app);
    const officer = await signedInAs(app, w, 'officer');
    const [year, month, day] = EIA_2017.recordedOn.split('-');
    const typed = {
      'recordedOn-day': String(Number(day)),
      'recordedOn-month': String(Number(month)),
      'recordedOn-year': year,
      documentName: EIA_2017.documentName,
      summary: EIA_2017.summary,
    };
    return { w, id, officer, typed, path: `/cases/${id}/events/RECORD_EIA` };
  }

  const recordedAs = async (id: string) =>
    (
      (await db.ds.query(
        `SELECT authority->>'role' AS role FROM case_events WHERE case_id = $1 AND type = 'RECORD_EIA'`,
        [id],
      )) as { role: string }[]
    ).map((r) => r.role);

  /** The radio of `value` in the role question: its tag, to read whether it is checked. */
  const radio = (html: string, value: string) =>
    new RegExp(`<input[^>]*name="as"[^>]*value="${value}"[^>]*>`).exec(html)?.[0] ?? '';

  it('shows the role chosen on the check page as a row with a Change back to the question, and records the step in it', async () => {
    // No released template has a step two roles take whose words say checkFirst: the EIA's
    // words are given checkFirst here, the page and the engine otherwise as they are.
    const real = words.eventWords;
    jest
      .spyOn(words, 'eventWords')
      .mockImplementation((t, type) =>
        t.id === TEMPLATE && type === 'RECORD_EIA'
          ? { ...real(t, type), checkFirst: true }
          : real(t, type),
      );
    const { id, officer, typed, path } = await caseWithOfficerAsDph();
    const fields = { ...typed, expectedVersion: '1' };
    // Checked, confirmed, refused as ambiguous: the question asked.
    await postForm(officer, path, fields, 200);
    const asked = await postForm(officer, path, { ...fields, checked: 'yes' }, 422);
    expect(errorSummary(asked.text).map((e) => e.href)).toEqual(['#RECORD_EIA-as']);
    expect(inputValue(asked.text, 'asRoles')).toBe('officer dph');

    const chosen = { ...fields, as: 'dph', asRoles: 'officer dph' };
    const check = await postForm(officer, path, chosen, 200);
    expect(pageText(check.text)).toContain('Check your answers');
    const row = /<div class="govuk-summary-list__row">\s*<dt[^>]*>\s*Acting as[\s\S]*?<\/div>/.exec(
      check.text,
    )?.[0];
    expect(row).toBeDefined();
    expect(pageText(row!)).toContain(roles.dph.label);
    expect(pageText(row!)).toContain('Change the role you are acting in');
    expect(row).toContain(`formaction="${path}#RECORD_EIA-as"`);
    expect(row).toMatch(/<button[^>]*name="change" value="yes"/);
    // The other answers' rows have no Change of their own.
    expect(check.text).toContain('govuk-summary-list__row govuk-summary-list__row--no-actions');
    expect(pageText(check.text)).not.toMatch(/\bdph\b/);
    expect(await recordedAs(id)).toEqual([]);

    // Its Change: the case page's form again at the question, the role chosen checked.
    const change = await postForm(officer, path, { ...chosen, change: 'yes' }, 200);
    expect(radio(change.text, 'dph')).toContain('checked');
    expect(radio(change.text, 'officer')).not.toContain('checked');
    expect(inputValue(change.text, 'documentName')).toBe(EIA_2017.documentName);
    expect(await recordedAs(id)).toEqual([]);

    const done = await postForm(officer, path, { ...chosen, checked: 'yes' }, 303);
    expect(done.headers.location).toBe(`/cases/${id}?done=RECORD_EIA`);
    expect(await recordedAs(id)).toEqual(['dph']);
  });

  it('keeps the role question and the role chosen when the case changed meanwhile, and records the step in it when sent again', async () => {
    const { w, id, officer, typed, path } = await caseWithOfficerAsDph();
    const asked = await postForm(officer, path, { ...typed, expectedVersion: '1' }, 422);
    expect(inputValue(asked.text, 'asRoles')).toBe('officer dph');
    // Meanwhile a document is attached: the case moves to version 2, the EIA still to record.
    await request(app.getHttpServer())
      .post(`/api/cases/${id}/documents`)
      .set('Authorization', `Bearer ${w.keys.officer}`)
      .send({
        expectedVersion: 1,
        name: 'Consolidation application',
        mediaType: 'application/pdf',
        contentBase64: pdfFile('Consolidation application').toString('base64'),
      })
      .expect((r) => expect(r.status === 201 ? '' : r.text).toBe(''));

    const chosen = { ...typed, as: 'dph', asRoles: 'officer dph' };
    const again = await postForm(officer, path, { ...chosen, expectedVersion: '1' }, 409);
    expect(errorSummary(again.text).map((e) => e.href)).toEqual(['#form-RECORD_EIA']);
    expect(inputValue(again.text, 'asRoles')).toBe('officer dph');
    expect(pageText(again.text)).toContain('Which role are you acting in?');
    expect(radio(again.text, 'dph')).toContain('checked');
    expect(radio(again.text, 'officer')).not.toContain('checked');
    expect(inputValue(again.text, 'documentName')).toBe(EIA_2017.documentName);
    expect(inputValue(again.text, 'expectedVersion')).toBe('2');
    expect(await recordedAs(id)).toEqual([]);

    const done = await postForm(officer, path, { ...chosen, expectedVersion: '2' }, 303);
    expect(done.headers.location).toBe(`/cases/${id}?done=RECORD_EIA`);
    expect(await recordedAs(id)).toEqual(['dph']);
  });
});
