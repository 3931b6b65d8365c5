import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { authenticator } from 'otplib';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import type { ManualClock } from '../core/clock.service';
import { ARTIFACTS, tabTo } from './browser.service';
import {
  AXE,
  FOCUS_SHOWN,
  MACHINE,
  movesTo,
  RAW,
  shownIn,
  type Stop,
  stopsOf,
} from './keyboard-in-page.service';
import type { CrawlWorld } from './crawl-world.factory';
import { FUZZ_PASSWORDS } from './fuzz-world.factory';
import type {
  KeyboardForm,
  KeyboardPlaces,
  KeyboardStep,
  KeyboardValue,
  KeyboardValues,
} from './keyboard-forms.factory';

/*
 * Forms filled in with the keyboard alone (issue #12, Tests: keyboard-only on each form type), in
 * Chromium with the pages' own Content-Security-Policy, for test/keyboard-forms-browser and
 * test/keyboard-decision-forms-browser: from the top of the page, Tab reaches each field of the
 * form in turn and then its button, each showing the GOV.UK focus style (the yellow focus colour
 * as an outline, a box shadow or a background) when it has the focus (a form folded in a GOV.UK
 * details is opened from its summary with Enter); text is typed, radios and selects are moved with
 * the arrow keys, boxes ticked with Space, files picked from the chooser Space opens, and Enter
 * submits. A refused form comes back with the GOV.UK error summary holding the focus, each error in
 * people's words and linked to its field, and what was typed still in its fields; an accepted one
 * leads to the page that says so (and shows the change) or downloads its file.
 */

/** The page `form` led to passes axe's WCAG 2.2 AA rules, or the problem. */
async function accessible(page: Page, form: string): Promise<void> {
  const violations = (await page.evaluate(AXE)) as string[];
  if (violations.length)
    throw new Error(`${form} led to a page axe faults: ${violations.join('; ')}`);
}

/** The page `form` led to says nothing in MACHINE's words (and passes axe, when `run` asks), or the problem. */
async function inWords(run: KeyboardRun, page: Page, form: string): Promise<void> {
  if (run.axe) await accessible(page, form);
  const text = await page.locator('#main-content').innerText();
  const raw = MACHINE.exec(text);
  if (raw) {
    const around = text.slice(Math.max(0, raw.index - 40), raw.index + raw[0].length + 20);
    throw new Error(`${form} led to a page showing "${raw[0]}": "${around.replace(/\s+/g, ' ')}"`);
  }
}

const valueFor = (values: KeyboardValues, id: string): KeyboardValue | undefined =>
  values.find(([key]) => (typeof key === 'string' ? key === id : key.test(id)))?.[1];

/** What the rows run on: the app's origin, its world and clock, and where the rows' pages are. */
export interface KeyboardRun {
  browser: Browser;
  origin: string;
  world: CrawlWorld;
  clock: ManualClock;
  /** The name of the council's organisation, for the files a row uploads. */
  organisation: string;
  places: KeyboardPlaces;
  /** The start of the names of the screenshots of pages with a problem, in the artefacts. */
  name: string;
  /** The key of the authenticator app the last row set up, for signing in with it later. */
  authenticatorKey?: string;
  /** Whether every page a form leads to is checked with axe (WCAG 2.2 AA) too. */
  axe?: boolean;
  /**
   * The code the newest email to confirm who someone is carries (for `emailedCode`), or with
   * `replaced` the code of the email before it (the newest replaced it).
   */
  emailedCode?: (which?: 'newest' | 'replaced') => Promise<string>;
}

/** What the page a form led to says: its success banner's heading, its errors, or its main heading. */
const said = async (page: Page) =>
  (await page
    .locator(
      '.govuk-notification-banner--success .govuk-notification-banner__heading, .govuk-error-summary__list, h1',
    )
    .first()
    .innerText())!.trim();

/** The focused element shows the GOV.UK focus style, or the problem of `what`. */
async function focusShown(page: Page, what: string): Promise<void> {
  if (!(await page.evaluate(FOCUS_SHOWN)))
    throw new Error(`${what} has the focus but shows no GOV.UK focus style`);
}

/** Gives the focused field its value with the keyboard alone. */
async function give(run: KeyboardRun, page: Page, stop: Stop, value: KeyboardValue) {
  if (typeof value === 'string') {
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(value);
    return;
  }
  if ('tick' in value) {
    if (!(await page.evaluate('document.activeElement.checked')))
      await page.keyboard.press('Space');
    return;
  }
  if ('authenticatorCode' in value || 'authenticatorCodeAgain' in value) {
    if ('authenticatorCode' in value)
      run.authenticatorKey = (await page.locator(value.authenticatorCode).innerText()).replace(
        /\s/g,
        '',
      );
    if (!run.authenticatorKey) throw new Error(`${stop.id}: no authenticator app was set up`);
    const codes = authenticator.clone({ epoch: run.clock.now().getTime() });
    await page.keyboard.type(codes.generate(run.authenticatorKey));
    return;
  }
  if ('emailedCode' in value) {
    if (!run.emailedCode) throw new Error(`${stop.id}: this run reads no emails`);
    await page.keyboard.type(
      await run.emailedCode(value.emailedCode === 'replaced' ? 'replaced' : 'newest'),
    );
    return;
  }
  if ('files' in value) {
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.keyboard.press('Space'),
    ]);
    await chooser.setFiles(
      value.files.map((f) => {
        const content = f.text(run.organisation);
        return {
          name: f.name,
          mimeType: f.name.endsWith('.pdf') ? 'application/pdf' : 'text/csv',
          buffer: typeof content === 'string' ? Buffer.from(content) : content,
        };
      }),
    );
    return;
  }
  const moves = (await page.evaluate(movesTo(value.choose))) as number | null;
  if (moves === null) throw new Error(`${stop.id} offers no ${JSON.stringify(value.choose)}`);
  if (stop.type === 'radio' && moves === 0) await page.keyboard.press('Space');
  for (let i = 0; i < Math.abs(moves); i++)
    await page.keyboard.press(moves > 0 ? 'ArrowDown' : 'ArrowUp');
  const chosen =
    (await page.evaluate(movesTo(value.choose))) === 0 &&
    (stop.type !== 'radio' || (await page.evaluate('document.activeElement.checked')));
  if (!chosen) throw new Error(`${stop.id}: ${JSON.stringify(value.choose)} is not chosen`);
}

/**
 * Tabs through every field of `form` from where the focus is, giving those `values` names their
 * value, then to its button, and submits it with Enter; returns once the page it leads to has
 * loaded, or with the file it downloads.
 */
async function fillIn(
  run: KeyboardRun,
  page: Page,
  form: string,
  values: KeyboardValues,
  download = false,
  button = 'button[type="submit"]',
): Promise<Download | null> {
  // A form folded away in a GOV.UK details is opened from its summary, with Enter.
  const folded = `details:not([open]):has(${form}) > summary`;
  if (await page.locator(folded).count()) {
    await tabTo(page, folded, 250);
    await focusShown(page, `${form}'s summary`);
    await page.keyboard.press('Enter');
  }
  const visited = new Set<string>();
  for (;;) {
    const stops = (await page.evaluate(stopsOf(form))) as Stop[] | null;
    if (!stops) throw new Error(`no form ${form} on ${page.url()}: "${await said(page)}"`);
    const stop = stops.find((s) => !visited.has(s.selector));
    if (!stop) break;
    visited.add(stop.selector);
    await tabTo(page, stop.selector, 250);
    await focusShown(page, stop.id);
    const value = valueFor(values, stop.id);
    if (value !== undefined) await give(run, page, stop, value);
  }
  await tabTo(page, `${form} ${button}`, 250);
  await focusShown(page, `${form}'s button`);
  if (download)
    return (await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]))[0];
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  return null;
}

async function check(
  run: KeyboardRun,
  page: Page,
  step: KeyboardStep,
  file: Download | null,
): Promise<void> {
  const { shows } = step.then;
  if (file) {
    const name = file.suggestedFilename();
    if (typeof shows === 'string' ? !name.includes(shows) : !shows.test(name))
      throw new Error(`${step.form} downloaded ${name}, not ${String(shows)}`);
    // A gzip that opens, with something in it.
    if (!gunzipSync(await readFile((await file.path())!)).length)
      throw new Error(`${step.form} downloaded an empty ${name}`);
    return;
  }
  await inWords(run, page, step.form);
  const url = new URL(page.url());
  if (step.then.at && !step.then.at.test(url.pathname + url.search))
    throw new Error(`${step.form} led to ${url.pathname}${url.search}: "${await said(page)}"`);
  const words = await said(page);
  if (typeof shows === 'string' ? !words.includes(shows) : !shows.test(words))
    throw new Error(`${step.form} led to a page saying "${words}", not ${String(shows)}`);
  const { has } = step.then;
  if (has && !(await page.locator('#main-content').innerText()).includes(has))
    throw new Error(`${step.form} led to a page saying "${words}" without "${has}"`);
  const { council } = step.then;
  const header = council && (await page.locator('[data-council]').innerText());
  if (council && !header!.includes(council))
    throw new Error(`${step.form} led to a page signed in to "${header}", not ${council}`);
}

/**
 * Each error of the GOV.UK summary on the page that refused `form` is linked to a field of that
 * form and says nothing in the machine's words, or the problem.
 */
async function linkedInWords(page: Page, form: string): Promise<void> {
  for (const item of await page.locator('.govuk-error-summary__list li').all()) {
    const error = (await item.innerText()).trim();
    const raw = RAW.exec(error);
    if (raw) throw new Error(`the error "${error}" shows "${raw[0]}"`);
    const href = (await item.locator('a').count())
      ? await item.locator('a').getAttribute('href')
      : null;
    const field = `${form} :is(input, select, textarea)[id="${href?.slice(1)}"]`;
    if (!href?.startsWith('#') || !(await page.locator(field).count()))
      throw new Error(`the error "${error}" links to no field of the form (${href})`);
  }
}

/** The text `typed` into `form` is shown again by the page that refused it, or the problem. */
async function kept(page: Page, form: string, typed: KeyboardValues): Promise<void> {
  const fields = (await page.evaluate(shownIn(form))) as {
    id: string;
    value: string;
    secret: boolean;
  }[];
  for (const [key, value] of typed) {
    if (typeof value !== 'string') continue;
    const field = fields.find((f) => (typeof key === 'string' ? f.id === key : key.test(f.id)));
    if (!field) throw new Error(`the refused page has no field ${String(key)} in ${form}`);
    if (!field.secret && field.value.trim() !== value.trim())
      throw new Error(`the refused page shows "${field.value}" in ${field.id}, not "${value}"`);
  }
}

/**
 * At the organisation's provider, with the keyboard alone: `login` and a password typed into its
 * login page, Enter, Enter again on its consent page if it asks; returns once it has sent the
 * browser back to Ratify and that page has loaded.
 */
async function atProvider(run: KeyboardRun, page: Page, login: string): Promise<void> {
  const away = (u: URL) => u.origin !== new URL(run.origin).origin;
  await page.waitForURL(away);
  await page.locator('input[name="login"]').waitFor();
  await tabTo(page, 'input[name="login"]', 20);
  await page.keyboard.type(login);
  await tabTo(page, 'input[name="password"]', 5);
  await page.keyboard.type('any');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  if (away(new URL(page.url()))) {
    await tabTo(page, 'button[type="submit"]', 20);
    await page.keyboard.press('Enter');
  }
  await page.waitForURL((u) => !away(u), { waitUntil: 'load' });
}

/** What is wrong when `f` is filled in and submitted with the keyboard (nothing, when all is right). */
async function keyboardOnly(run: KeyboardRun, f: KeyboardForm, page: Page): Promise<void> {
  const steps = f.steps(run.world);
  await page.goto(`${run.origin}${await f.page(run.world, run.places)}`);
  for (const [n, step] of steps.entries()) {
    if (f.refused && n === (f.refusedAt ?? 0)) {
      await fillIn(run, page, step.form, f.refused);
      await page.locator('.govuk-error-summary:focus').waitFor({ timeout: 10_000 });
      await focusShown(page, 'the error summary');
      await kept(page, step.form, f.refused);
      await inWords(run, page, step.form);
      await linkedInWords(page, step.form);
    }
    const file = await fillIn(run, page, step.form, step.values, step.then.download, step.button);
    if (step.provider) await atProvider(run, page, step.provider.login);
    await check(run, page, step, file);
  }
}

/**
 * Fills in and submits each of `rows`' forms with the keyboard alone, in order, each in the
 * browser of who fills it in (signed in on the world's day, or the row's); returns what was wrong
 * with each (nothing, when all is right), a screenshot of each such page in the artefacts.
 */
export async function runKeyboardRows(run: KeyboardRun, rows: KeyboardForm[]): Promise<string[]> {
  const contexts: BrowserContext[] = [];
  /** A browser of its own, signed in as `as` (on the world's day unless the clock was moved since). */
  async function browserOf(as: KeyboardForm['as']): Promise<Page> {
    const context = await run.browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    // Playwright turns Chromium's file chooser interception on when a page first has a listener
    // and off when it has none: a waitForEvent made just before Space raced that switch, and the
    // chooser sometimes opened unintercepted, never reported (4 in 90 tries here, none in 60 with
    // a listener kept for the page's life; once in CI). This one keeps it on.
    page.on('filechooser', () => undefined);
    if (as === 'none') return page;
    const [who, password] =
      as === 'officer' ? ['officer', FUZZ_PASSWORDS.officer] : ['gp', FUZZ_PASSWORDS.administrator];
    await page.goto(`${run.origin}/sign-in?next=/cases`);
    await page.locator('#email').fill(run.world.emailOf(who));
    await page.locator('#password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${run.origin}/cases`);
    return page;
  }

  const problems: string[] = [];
  const pages: Partial<Record<KeyboardForm['as'], Page>> = {};
  try {
    for (const [n, f] of rows.entries()) {
      if (f.on) {
        run.clock.set(f.on);
        delete pages.officer;
        delete pages.administrator;
      }
      const page = (pages[f.as] ??= await browserOf(f.as));
      try {
        await keyboardOnly(run, f, page);
      } catch (e) {
        problems.push(`${f.form}: ${(e as Error).message.split('\n')[0]}`);
        await page.screenshot({ path: `${ARTIFACTS}/${run.name}-${n}.png`, fullPage: true });
      }
    }
  } finally {
    for (const c of contexts) await c.close();
  }
  return problems;
}
