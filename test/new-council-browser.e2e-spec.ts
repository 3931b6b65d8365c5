import { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ManualClock } from '../libs/core/clock.service';
import { OutboxDeliveryService } from '../libs/notifications/outbox-delivery.service';
import {
  BROWSER_JOURNEY_TIMEOUT_MS,
  clickAndLoad,
  expectAccessible,
  launchChromium,
} from '../libs/testing/browser.service';
import { SmtpCapture } from '../libs/testing/smtp-capture.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { directoryUseCases } from '../libs/testing/directory-use-cases.factory';

/*
 * Issue #10's journey: a brand-new council set up from an empty tenant through the pages alone,
 * as a new administrator would, then running a BCF delegated sign-off to closed by email links.
 * The only step outside the browser is tenant:create's use case (the tool a developer or the
 * hosting team runs), which prints the one-time link to set the first administrator's password;
 * the worker's delivery of the outbox is called as the worker would, and the emails cross a real
 * SMTP peer. Every page is checked with axe (WCAG 2.2 AA). Invented people at example.org; today
 * is Thursday 3 December 2026.
 */
// About thirty pages and four browsers: three ordinary journeys' worth (each step still waits
// for its own condition; this is only the ceiling after which it counts as stuck).
jest.setTimeout(3 * BROWSER_JOURNEY_TIMEOUT_MS);
describe('a new council sets itself up and runs a BCF delegated sign-off, in a real browser', () => {
  let db: TestDatabase;
  let smtp: SmtpCapture;
  let app: INestApplication;
  let browser: Browser;
  let origin: string;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  let step = 0;

  beforeAll(async () => {
    db = await openTestDatabase();
    smtp = await SmtpCapture.start();
    app = await buildTestApp(db.ds, clock, { SMTP_URL: smtp.url });
    await app.listen(0, '127.0.0.1');
    origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await db?.drop();
  });

  /** Each page is screenshotted for CI and checked by axe, numbered in journey order. */
  const checked = (page: Page, name: string) =>
    expectAccessible(page, `new-council-${String(++step).padStart(2, '0')}-${name}`);

  async function typeDate(page: Page, legend: string | RegExp, [d, m, y]: string[]) {
    const group = page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(d);
    await group.getByLabel('Month').fill(m);
    await group.getByLabel('Year').fill(y);
  }

  /** Submits with `button` and waits for the page the 303 brings, which must say `banner`. */
  async function save(page: Page, button: string, url: RegExp) {
    await Promise.all([page.waitForURL(url), page.getByRole('button', { name: button }).click()]);
    await expect(page.locator('.govuk-error-summary').count()).resolves.toBe(0);
  }

  /** The emails that arrive when the worker next delivers the outbox. */
  async function delivered(count: number) {
    const before = smtp.messages.length;
    await app.get(OutboxDeliveryService).deliverDue();
    return (await smtp.waitForCount(before + count)).slice(before);
  }

  /** Opens an emailed link in a browser of its own, as its recipient would, and approves. */
  async function approveByLink(mail: { text: string }, name: string, answer = 'I approve') {
    const path = /https?:\/\/[^/\s]+(\/act\/[A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    const context: BrowserContext = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${origin}${path}`);
    await checked(page, `${name}-link`);
    await page.getByLabel(answer, { exact: true }).check();
    await clickAndLoad(page, page.getByRole('button', { name: 'Confirm my answer' }));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Your answer is recorded',
    );
    await checked(page, `${name}-receipt`);
    await context.close();
  }

  it('creates Northbridge from an empty tenant through the pages, then signs off its BCF plan by email links', async () => {
    // tenant:create: the tenant, its own organisation and its first administrator, with a link.
    const created = await directoryUseCases(db.ds, clock).createTenant.create({
      slug: 'northbridge',
      name: 'Northbridge City Council',
      adminEmail: 'avery.quinn@example.org',
      adminName: 'Avery Quinn',
    });
    const context = await browser.newContext({ bypassCSP: true });
    const admin = await context.newPage();
    await admin.goto(`${origin}/set-password/${created.passwordToken}`);
    await checked(admin, 'set-password');
    await admin.getByLabel('Password', { exact: true }).fill('northbridge admin passphrase');
    await admin.getByLabel('Confirm password').fill('northbridge admin passphrase');
    await admin.getByRole('button', { name: 'Save password' }).click();
    await admin.locator('a[href="/sign-in"]').first().waitFor();
    await checked(admin, 'password-set');
    await admin.goto(`${origin}/sign-in?next=/directory`);
    await admin.getByLabel('Email address', { exact: true }).fill('avery.quinn@example.org');
    await admin.getByLabel('Password', { exact: true }).fill('northbridge admin passphrase');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.waitForURL(`${origin}/directory`);
    await checked(admin, 'directory');

    // Organisations: the council's partners.
    for (const [name, kind] of [
      ['NHS Northbridge Integrated Care Board', 'Integrated Care Board'],
      ['Healthwatch Northbridge', 'Healthwatch'],
    ]) {
      await admin.goto(`${origin}/directory/organisations/new`);
      await admin.getByLabel('Name').fill(name);
      await admin.getByLabel(kind, { exact: true }).check();
      await save(admin, 'Add the organisation', /\/directory\/organisations\/[0-9a-f-]{36}/);
    }
    await checked(admin, 'organisation-added');

    // People: officers, partners' leaders and the board's members.
    const people: [string, string, string, ('elected' | 'officer')[]][] = [
      ['Jordan Ellis', 'jordan.ellis@example.org', 'Northbridge City Council', []],
      ['Dr Rowan Patel', 'rowan.patel@example.org', 'NHS Northbridge Integrated Care Board', []],
      ['Cllr Sam Hughes', 'sam.hughes@example.org', 'Northbridge City Council', ['elected']],
      ['Dr Lee Carter', 'lee.carter@example.org', 'NHS Northbridge Integrated Care Board', []],
      ['Morgan Reyes', 'morgan.reyes@example.org', 'Healthwatch Northbridge', []],
    ];
    for (const [name, email, organisation, flags] of people) {
      await admin.goto(`${origin}/directory/people/new`);
      await admin.getByLabel('Full name').fill(name);
      await admin.getByLabel('Email address').fill(email);
      await admin.getByLabel('Organisation').selectOption({ label: organisation });
      if (flags.includes('elected'))
        await admin.getByLabel('An elected member (a councillor)').check();
      await save(admin, 'Add the person', /\/directory\/people\/[0-9a-f-]{36}/);
    }
    await checked(admin, 'person-added');
    const withEmail = (name: string) => `${name} (${people.find((p) => p[0] === name)![1]})`;
    // The administrator also runs the council's cases: they mark themselves an officer.
    await admin.goto(`${origin}/directory/people?q=Avery`);
    await admin.getByRole('link', { name: 'Avery Quinn' }).click();
    await admin
      .getByRole('link', { name: /^Change/ })
      .first()
      .click();
    await admin.getByLabel('A democratic services officer').check();
    await save(admin, 'Save the changes', /\/directory\/people\/[0-9a-f-]{36}/);

    // Offices and who holds them from the start of the municipal year.
    for (const [title, organisation, holder] of [
      ['Chief Executive, Northbridge City Council', 'Northbridge City Council', 'Jordan Ellis'],
      [
        'Accountable Officer, NHS Northbridge Integrated Care Board',
        'NHS Northbridge Integrated Care Board',
        'Dr Rowan Patel',
      ],
      [
        'Chair, Northbridge Health and Wellbeing Board',
        'Northbridge City Council',
        'Cllr Sam Hughes',
      ],
    ]) {
      await admin.goto(`${origin}/directory/offices/new`);
      await admin.getByLabel('Title').fill(title);
      await admin.getByLabel('Organisation').selectOption({ label: organisation });
      await save(admin, 'Add the office', /\/directory\/offices\/[0-9a-f-]{36}/);
      await admin
        .getByRole('link', { name: 'Appoint a holder' })
        .or(admin.getByRole('button', { name: 'Appoint a holder' }))
        .first()
        .click();
      await admin.getByLabel('Person').selectOption({ label: withEmail(holder) });
      await admin.getByLabel('Substantive', { exact: true }).check();
      await typeDate(admin, /from|first day|starts/i, ['1', '6', '2026']);
      await save(admin, 'Appoint', /\/directory\/offices\/[0-9a-f-]{36}/);
    }
    await checked(admin, 'office-held');

    // The Health and Wellbeing Board with its rules, typed in plain English.
    await admin.goto(`${origin}/directory/bodies/new`);
    await checked(admin, 'body-form');
    await admin.getByLabel('Name', { exact: true }).fill('Northbridge Health and Wellbeing Board');
    await admin.getByLabel('Kind of body').selectOption({ label: 'Health and Wellbeing Board' });
    for (const [i, name, organisation, groups] of [
      [0, 'Council', 'Northbridge City Council', ''],
      [1, 'Health', 'NHS Northbridge Integrated Care Board', 'health'],
      [2, 'Healthwatch', 'Healthwatch Northbridge', ''],
    ] as const) {
      await admin.getByLabel(`Name of constituency ${i + 1}`).fill(name);
      await admin.locator(`#c-${i}-organisation`).selectOption({ label: organisation });
      await admin.locator(`#c-${i}-groups`).fill(groups);
    }
    await admin.getByLabel('Minimum number of members present').fill('3');
    await admin.getByLabel('Of whom elected members, at least (optional)').fill('1');
    await admin.locator('#m-0-count').fill('1');
    await admin.locator('#m-0-who').fill('health');
    await admin.locator('#m-1-count').fill('1');
    await admin.locator('#m-1-who').fill('Healthwatch');
    await admin.getByLabel('Where the quorum rule comes from').fill('HWBB terms of reference 5.1');
    await admin.getByRole('radio', { name: 'By consensus' }).check();
    await admin
      .getByLabel('Where the decision rule comes from')
      .fill('HWBB terms of reference 6.2');
    await admin.getByLabel('Only the substitutes named for each seat').check();
    await admin
      .getByLabel('Where the substitution rule comes from')
      .fill('HWBB terms of reference 4.3');
    await admin.getByRole('radio', { name: 'Yes', exact: true }).check();
    await admin
      .getByLabel('Where the power to delegate (or its absence) comes from')
      .fill('HWBB terms of reference 7.12');
    await save(admin, 'Save the body', /\/directory\/bodies\/[0-9a-f-]{36}\?done=created/);
    await expect(
      admin
        .getByText(
          'At least 3 members present, including at least 1 elected member, at least 1 member for Health and at least 1 member for Healthwatch.',
        )
        .count(),
    ).resolves.toBe(1);
    await checked(admin, 'body');
    const bodyUrl = admin.url().split('?')[0];

    // Its members for the municipal year, and a named substitute for the health seat.
    for (const [person, constituency, role] of [
      ['Cllr Sam Hughes', 'Council', 'Chair'],
      ['Dr Lee Carter', 'Health', 'Member'],
      ['Morgan Reyes', 'Healthwatch', 'Member'],
    ]) {
      await admin.goto(`${bodyUrl}/members`);
      await admin.getByLabel('Person').selectOption({ label: withEmail(person) });
      await admin.getByLabel('Seat for').selectOption({ label: constituency });
      await admin.getByLabel(role, { exact: true }).check();
      await typeDate(admin, 'First day of the term', ['1', '6', '2026']);
      await typeDate(admin, 'Last day of the term (optional)', ['31', '5', '2027']);
      await save(admin, 'Add the seat', /\/members\?done=seated/);
    }
    await checked(admin, 'members');
    await admin.getByRole('link', { name: 'Dr Lee Carter' }).click();
    await admin
      .getByLabel('Substitute')
      .selectOption({ label: 'Dr Rowan Patel (rowan.patel@example.org)' });
    await typeDate(admin, 'First day the substitute may sit', ['1', '6', '2026']);
    await admin.getByLabel('Where the partners agreed it').fill('HWBB minute 2026/05');
    await save(admin, 'Name the substitute', /\?done=named/);
    await checked(admin, 'substitute-named');
    await admin.goto(bodyUrl);
    await expect(
      admin.getByRole('row', { name: /Dr Lee Carter/ }).textContent(),
    ).resolves.toContain('Dr Rowan Patel (from Monday 1 June 2026 until Monday 31 May 2027)');

    // The chair's delegation to sign off the BCF plan.
    await admin.goto(`${origin}/directory/delegations/new`);
    await checked(admin, 'delegation-form');
    await admin
      .getByLabel('Delegated by')
      .selectOption({ label: 'The Northbridge Health and Wellbeing Board' });
    await admin
      .getByLabel('Delegated to the office of')
      .selectOption({ label: 'Chair, Northbridge Health and Wellbeing Board' });
    await admin.getByLabel('What may be decided under it').selectOption({
      label: 'Better Care Fund plan, delegated sign-off: HWBB chair, under the Board’s delegation',
    });
    await typeDate(admin, 'First day in force', ['1', '6', '2026']);
    await admin
      .getByLabel('Minute or constitution reference that grants it')
      .fill('HWBB minute 2026/06: BCF plan sign-off delegated to the Chair');
    await save(
      admin,
      'Grant the delegation',
      /\/directory\/delegations\/[0-9a-f-]{36}\?done=granted/,
    );
    await checked(admin, 'delegation');
    await admin.goto(`${origin}/directory/delegations`);
    await expect(
      admin.getByRole('row', { name: /Chair, Northbridge Health and Wellbeing Board/ }).count(),
    ).resolves.toBe(1);
    await checked(admin, 'delegations');

    // The case: opened on the new-case page, agreed and approved by email links, then closed.
    await admin.goto(`${origin}/cases/new`);
    await admin.getByRole('link', { name: 'Better Care Fund plan, delegated sign-off' }).click();
    await checked(admin, 'new-case');
    await admin.getByLabel('Title').fill('Northbridge Better Care Fund plan 2027/28');
    for (const [legend, date] of [
      ['Submission deadline', ['15', '1', '2027']],
      ['Noting deadline', ['15', '2', '2027']],
      ['Expected assurance date', ['1', '2', '2027']],
    ] as const)
      await typeDate(admin, legend, [...date]);
    await admin
      .getByLabel('Chief Executive of the council')
      .selectOption({ label: 'Chief Executive, Northbridge City Council (Jordan Ellis)' });
    await admin
      .getByLabel('Chief Executive of the Integrated Care Board (its Accountable Officer)')
      .selectOption({
        label: 'Accountable Officer, NHS Northbridge Integrated Care Board (Dr Rowan Patel)',
      });
    await admin.getByLabel('HWBB chair, under the Board’s delegation').selectOption({ index: 1 });
    await admin.getByRole('button', { name: 'Open the case' }).click();
    await admin.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = admin.url();
    await checked(admin, 'case-opened');
    await admin.getByRole('button', { name: 'Seek agreement' }).click();
    await admin.waitForURL(`${caseUrl}?done=SEEK_AGREEMENT`);

    const agreements = await delivered(2);
    await approveByLink(
      agreements.find((m) => m.to.includes('jordan.ellis'))!,
      'chief-executive',
    );
    await approveByLink(
      agreements.find((m) => m.to.includes('rowan.patel'))!,
      'accountable-officer',
    );
    const [toChair] = (await delivered(1)).filter((m) => m.to.includes('sam.hughes'));
    expect(toChair.text).toContain('Chair, Northbridge Health and Wellbeing Board');
    await approveByLink(toChair, 'chair');

    await admin.goto(caseUrl);
    await checked(admin, 'case-ready-to-submit');
    await typeDate(admin, 'Date the plan was submitted', ['3', '12', '2026']);
    await admin.getByLabel('Submission reference').fill('BCF-NB-2027-01');
    await admin.getByRole('button', { name: 'Record the submission' }).click();
    await admin.waitForURL(/done=RECORD_SUBMISSION/);
    await checked(admin, 'case-submitted');
    await admin.getByRole('radio', { name: 'Approved', exact: true }).check();
    await typeDate(admin, 'Date the outcome was received', ['3', '12', '2026']);
    await admin.getByRole('button', { name: 'Record the assurance outcome' }).click();
    await admin.waitForURL(/done=RECORD_ASSURANCE/);
    await typeDate(admin, 'Date of the HWBB meeting', ['3', '12', '2026']);
    await admin.getByLabel('Minute reference').fill('HWBB minute 2026/31');
    await admin.getByRole('button', { name: 'Record the HWBB noting the approval' }).click();
    await admin.waitForURL(/done=RECORD_NOTING/);
    await expect(
      admin.locator('.govuk-summary-list__row', { hasText: 'Where it stands' }).textContent(),
    ).resolves.toContain('Closed: plan assured and delegated approval noted by the HWBB');
    await checked(admin, 'case-closed');
    await context.close();
  });
});
