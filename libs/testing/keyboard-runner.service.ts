import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { authenticator } from 'otplib';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import type { ManualClock } from '../core/clock.service';
import { ARTIFACTS, tabTo } from './browser.service';
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

/** GOV.UK Frontend's focus colour (#ffdd00), as computed styles give it. */
const FOCUS_COLOUR = 'rgb(255, 221, 0)';

/** In the page: whether the focused element shows the GOV.UK focus style (a radio's and a box's on their label). */
const FOCUS_SHOWN = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return false;
  const yellow = (s) => (s.outlineStyle !== 'none' && s.outlineColor === '${FOCUS_COLOUR}') ||
    s.boxShadow.includes('${FOCUS_COLOUR}') || s.backgroundColor === '${FOCUS_COLOUR}';
  const styles = [getComputedStyle(el)];
  for (const label of el.labels || []) styles.push(getComputedStyle(label, '::before'), getComputedStyle(label, '::after'));
  return styles.some(yellow);
})()`;

/**
 * What an error on a page never says: a day as ISO, an id, a field's key, a rule's code before
 * or beside its words (a setting's name in capitals, to be typed, is words), or the validator's.
 */
const RAW =
  /\b\d{4}-\d{2}-\d{2}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-|\b[a-z]+[A-Z]\w*|(^|\()[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\b|Invalid input|expected \w+, received/;

/** What no page a form leads to shows: a time in UTC, an id, a day as ISO. */
const MACHINE =
  /\bUTC\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b\d{4}-\d{2}-\d{2}\b/;

/** The page `form` led to says nothing in MACHINE's words, or the problem. */
async function inWords(page: Page, form: string): Promise<void> {
  const text = await page.locator('#main-content').innerText();
  const raw = MACHINE.exec(text);
  if (raw) {
    const around = text.slice(Math.max(0, raw.index - 40), raw.index + raw[0].length + 20);
    throw new Error(`${form} led to a page showing "${raw[0]}": "${around.replace(/\s+/g, ' ')}"`);
  }
}

/** A field of the form as the keyboard meets it: a radio group is one stop, named by its first radio's id. */
interface Stop {
  id: string;
  type: string;
  tag: string;
  selector: string;
}

/** In the page: the fields of `form` a person can see, in the order Tab reaches them (the document's). */
function stopsOf(form: string): string {
  return `(() => {
    const form = document.querySelector(${JSON.stringify(form)});
    if (!form) return null;
    const seen = new Set();
    const stops = [];
    for (const el of form.querySelectorAll('input, select, textarea')) {
      if (el.type === 'hidden' || el.disabled || !el.getClientRects().length) continue;
      if (el.closest('details:not([open])')) continue;
      const group = el.type === 'radio' ? 'radio ' + el.name : 'id ' + el.id;
      if (seen.has(group)) continue;
      seen.add(group);
      const selector = ${JSON.stringify(form)} + ' ' + (el.type === 'radio'
        ? 'input[type="radio"][name=' + JSON.stringify(el.name) + ']'
        : '[id=' + JSON.stringify(el.id) + ']');
      stops.push({ id: el.id, type: el.type, tag: el.tagName.toLowerCase(), selector });
    }
    return stops;
  })()`;
}

/**
 * In the page: the arrow presses from the focused radio or option to the one `choose` names (by
 * its value or the start of its label; '' the first that is not empty), or null.
 */
function movesTo(choose: string): string {
  return `(() => {
    const el = document.activeElement;
    const want = ${JSON.stringify(choose)};
    const named = (value, label) => want === '' ? value !== '' : value === want || label.startsWith(want);
    if (el.tagName === 'SELECT') {
      const to = [...el.options].findIndex((o) => named(o.value, o.text.trim()));
      return to < 0 ? null : to - el.selectedIndex;
    }
    const radios = [...el.form.querySelectorAll('input[type="radio"]')].filter((r) => r.name === el.name);
    const to = radios.findIndex((r) => named(r.value, r.labels[0].innerText.trim()));
    return to < 0 ? null : (to - radios.indexOf(el) + radios.length) % radios.length;
  })()`;
}

/**
 * In the page: the text fields of `form` by id, with what they show (a password's or a one-time
 * code's is never shown again).
 */
function shownIn(form: string): string {
  return `[...document.querySelectorAll(${JSON.stringify(form)} + ' :is(input, textarea)')]
    .filter((el) => el.id && !['hidden', 'radio', 'checkbox', 'file'].includes(el.type))
    .map((el) => ({ id: el.id, value: el.value,
      secret: el.type === 'password' || el.autocomplete === 'one-time-code' }))`;
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
  /** The code the newest email to confirm who someone is carries (for `emailedCode`). */
  emailedCode?: () => Promise<string>;
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
  if ('authenticatorCode' in value) {
    const key = (await page.locator(value.authenticatorCode).innerText()).replace(/\s/g, '');
    await page.keyboard.type(
      authenticator.clone({ epoch: run.clock.now().getTime() }).generate(key),
    );
    return;
  }
  if ('emailedCode' in value) {
    if (!run.emailedCode) throw new Error(`${stop.id}: this run reads no emails`);
    await page.keyboard.type(await run.emailedCode());
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
  await tabTo(page, `${form} button[type="submit"]`, 250);
  await focusShown(page, `${form}'s button`);
  if (download)
    return (await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]))[0];
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  return null;
}

async function check(page: Page, step: KeyboardStep, file: Download | null): Promise<void> {
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
  await inWords(page, step.form);
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
      await inWords(page, step.form);
      await linkedInWords(page, step.form);
    }
    const file = await fillIn(run, page, step.form, step.values, step.then.download);
    await check(page, step, file);
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
