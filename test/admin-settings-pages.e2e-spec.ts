import { errorSummary } from '../libs/testing/staff-page-client.service';
import {
  adminPagesHarness,
  ADMIN_PASSWORDS,
  DEFAULT_SETTINGS,
  inputTag,
} from '../libs/testing/admin-pages-harness.service';

/** The administrator's council settings page: what it saves, what it refuses, every error in the summary. */
const h = adminPagesHarness();
const { adminWorld, signedIn, csrfOf, settingsOf } = h;

describe('the administrator’s pages: council settings', () => {
  it('shows the defaults of a council that has set nothing', async () => {
    const world = await adminWorld();
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
    const page = await admin.get('/admin/settings').expect(200);
    expect(page.text).toContain('The council has no extra closure days.');
    expect(page.text).toContain('The default is no: only working days count.');
    expect(page.text).toContain('The default is no: the member may stay in the room.');
    expect(page.text).toContain('The default is 5.');
    expect(inputTag(page.text, 'periodWorkingDays')).toContain('value="5"');
  });

  it('adds a closure day that /api/settings then gives, and removes it again', async () => {
    const world = await adminWorld();
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
    const csrf = await csrfOf(admin, '/admin/settings');
    const added = await admin
      .post('/admin/settings/closures')
      .type('form')
      .send({
        _csrf: csrf,
        'closureDate-day': '29',
        'closureDate-month': '12',
        'closureDate-year': '2025',
        closureReason: 'Civic centre closed between Christmas and New Year',
      })
      .expect(303);
    expect(added.headers.location).toBe('/admin/settings?done=closure-added');
    await expect(settingsOf(world)).resolves.toEqual({
      ...DEFAULT_SETTINGS,
      calendar: {
        extraClosures: [
          { date: '2025-12-29', reason: 'Civic centre closed between Christmas and New Year' },
        ],
        weekendsCountAsClearDays: false,
      },
    });
    const page = await admin.get(added.headers.location).expect(200);
    expect(page.text).toContain('The closure day is added.');
    expect(page.text).toContain('Monday 29 December 2025');
    expect(page.text).toContain('Civic centre closed between Christmas and New Year');

    await admin
      .post('/admin/settings/closures/remove')
      .type('form')
      .send({ _csrf: csrf, date: '2025-12-29' })
      .expect(303);
    await expect(settingsOf(world)).resolves.toEqual(DEFAULT_SETTINGS);
  });

  it('saves the clear-day, interest and call-in rules, which the API then gives', async () => {
    const world = await adminWorld();
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
    const csrf = await csrfOf(admin, '/admin/settings');
    await admin
      .post('/admin/settings')
      .type('form')
      .send({
        _csrf: csrf,
        weekendsCountAsClearDays: 'yes',
        dpiMemberMustLeaveRoom: 'yes',
        periodWorkingDays: '10',
      })
      .expect(303);
    await expect(settingsOf(world)).resolves.toEqual({
      calendar: { extraClosures: [], weekendsCountAsClearDays: true },
      interests: { dpiMemberMustLeaveRoom: true },
      callIn: { periodWorkingDays: 10 },
    });
    const page = await admin.get('/admin/settings?done=rules').expect(200);
    expect(page.text).toContain('The rules are saved.');
    expect(inputTag(page.text, 'periodWorkingDays')).toContain('value="10"');
  });

  it('refuses a settings form without the session’s CSRF token and changes nothing', async () => {
    const world = await adminWorld();
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
    const rules = await admin
      .post('/admin/settings')
      .type('form')
      .send({
        weekendsCountAsClearDays: 'yes',
        dpiMemberMustLeaveRoom: 'yes',
        periodWorkingDays: '9',
      })
      .expect(403);
    expect(errorSummary(rules.text)).toEqual([
      { text: 'The form has expired. Reload the page and try again.', href: '#main-content' },
    ]);
    await admin
      .post('/admin/settings/closures')
      .type('form')
      .send({
        _csrf: 'not-the-token',
        'closureDate-day': '29',
        'closureDate-month': '12',
        'closureDate-year': '2025',
        closureReason: 'Closed',
      })
      .expect(403);
    await expect(settingsOf(world)).resolves.toEqual(DEFAULT_SETTINGS);
  });

  it('shows an error summary linked to each field of invalid settings, and saves nothing', async () => {
    const world = await adminWorld();
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
    const csrf = await csrfOf(admin, '/admin/settings');
    const rules = await admin
      .post('/admin/settings')
      .type('form')
      .send({ _csrf: csrf, weekendsCountAsClearDays: 'yes', periodWorkingDays: '99' })
      .expect(422);
    expect(errorSummary(rules.text)).toEqual([
      {
        text: 'Select whether a member with a disclosable pecuniary interest must leave the room',
        href: '#dpiMemberMustLeaveRoom',
      },
      {
        text: 'Enter a call-in period from 1 to 30 working days, as a whole number',
        href: '#periodWorkingDays',
      },
    ]);
    expect(rules.text).toContain('<title>Error: Council settings – Ratify</title>');
    // What was typed stays in the form, so that it can be corrected.
    expect(inputTag(rules.text, 'periodWorkingDays')).toContain('value="99"');
    expect(rules.text).toContain('id="periodWorkingDays-error"');

    const blank = await admin
      .post('/admin/settings/closures')
      .type('form')
      .send({
        _csrf: csrf,
        'closureDate-day': '',
        'closureDate-month': '',
        'closureDate-year': '',
      })
      .expect(422);
    expect(errorSummary(blank.text)).toEqual([
      { text: 'Enter the date of the closure day', href: '#closureDate-day' },
      { text: 'Enter why the council is closed that day', href: '#closureReason' },
    ]);
    const unreal = await admin
      .post('/admin/settings/closures')
      .type('form')
      .send({
        _csrf: csrf,
        'closureDate-day': '30',
        'closureDate-month': '2',
        'closureDate-year': '2026',
        closureReason: 'Closed',
      })
      .expect(422);
    expect(errorSummary(unreal.text)).toEqual([
      {
        text: 'The date of the closure day must be a real date, for example 29 12 2025',
        href: '#closureDate-day',
      },
    ]);
    await expect(settingsOf(world)).resolves.toEqual(DEFAULT_SETTINGS);
  });

  it('refuses a second closure day on the same date', async () => {
    const world = await adminWorld();
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
    const csrf = await csrfOf(admin, '/admin/settings');
    const closure = {
      _csrf: csrf,
      'closureDate-day': '2',
      'closureDate-month': '1',
      'closureDate-year': '2026',
      closureReason: 'Closed for the new year',
    };
    await admin.post('/admin/settings/closures').type('form').send(closure).expect(303);
    const again = await admin
      .post('/admin/settings/closures')
      .type('form')
      .send({ ...closure, closureReason: 'Another reason' })
      .expect(422);
    expect(errorSummary(again.text)).toEqual([
      {
        text: 'Fri 2 Jan 2026 is already a closure day: remove it first to change its reason',
        href: '#closureDate-day',
      },
    ]);
    expect((await settingsOf(world)).calendar.extraClosures).toEqual([
      { date: '2026-01-02', reason: 'Closed for the new year' },
    ]);
  });
});
