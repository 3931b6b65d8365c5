import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import { authenticator } from 'otplib';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { ManualClock } from '../libs/core/clock.service';
import {
  ARTIFACTS,
  BROWSER_JOURNEY_TIMEOUT_MS,
  launchChromium,
  tabTo,
} from '../libs/testing/browser.service';
import { buildCrawlWorld, type CrawlWorld } from '../libs/testing/crawl-world.factory';
import { FUZZ_PASSWORDS } from '../libs/testing/fuzz-world.factory';
import { KEYBOARD_CASE_FORMS } from '../libs/testing/keyboard-case-forms.factory';
import { KEYBOARD_DIRECTORY_FORMS } from '../libs/testing/keyboard-directory-forms.factory';
import { KEYBOARD_MEETING_FORMS } from '../libs/testing/keyboard-meeting-forms.factory';
import { KEYBOARD_MORE_FORMS } from '../libs/testing/keyboard-more-forms.factory';
import {
  KEYBOARD_FORMS,
  type KeyboardForm,
  type KeyboardStep,
  type KeyboardValue,
  type KeyboardValues,
} from '../libs/testing/keyboard-forms.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, type TestDatabase } from '../libs/testing/test-database.service';

/*
 * Every type of form filled in with the keyboard alone (issue #12, Tests: keyboard-only on each
 * form type), in Chromium with the pages' own Content-Security-Policy: from the top of the page,
 * Tab reaches each field of the form in turn and then its button, each showing the GOV.UK focus
 * style (the yellow focus colour as an outline, a box shadow or a background) when it has the
 * focus (a form folded in a GOV.UK details is opened from its summary with Enter); text is typed,
 * radios and selects are moved with the arrow keys, boxes ticked with Space, files picked from the
 * chooser Space opens, and Enter submits. A refused form comes back with the GOV.UK error summary
 * holding the focus, each error in people's words and linked to its field, and what was typed
 * still in its fields; an accepted one leads to the page that says so (and shows the change) or
 * downloads its file. The forms, their values and what each
 * leads to: libs/testing/keyboard-directory-forms.factory.ts, keyboard-forms.factory.ts,
 * keyboard-meeting-forms.factory.ts, keyboard-more-forms.factory.ts and
 * keyboard-case-forms.factory.ts, in that order.
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

jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS * 3);
describe('every type of form with the keyboard alone, in Chromium', () => {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  let db: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let world: CrawlWorld;
  let origin: string;
  let organisation: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    world = await buildCrawlWorld(db.ds, app, clock);
    [{ name: organisation }] = await db.ds.query('SELECT name FROM organisations WHERE id = $1', [
      world.crawl.organisation,
    ]);
    await app.listen(0, '127.0.0.1');
    origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  /** A browser of its own, signed in as `as` (on the world's day unless the clock was moved since). */
  async function browserOf(as: KeyboardForm['as']): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    if (as === 'none') return page;
    const [who, password] =
      as === 'officer' ? ['officer', FUZZ_PASSWORDS.officer] : ['gp', FUZZ_PASSWORDS.administrator];
    await page.goto(`${origin}/sign-in?next=/cases`);
    await page.locator('#email').fill(world.emailOf(who));
    await page.locator('#password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/cases`);
    return page;
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
  async function give(page: Page, stop: Stop, value: KeyboardValue): Promise<void> {
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
      await page.keyboard.type(authenticator.clone({ epoch: clock.now().getTime() }).generate(key));
      return;
    }
    if ('files' in value) {
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.keyboard.press('Space'),
      ]);
      await chooser.setFiles(
        value.files.map((f) => {
          const content = f.text(organisation);
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
   * Tabs through every field of `form` from where the focus is, giving those `values` names
   * their value, then to its button, and submits it with Enter; returns once the page it leads to
   * has loaded, or with the file it downloads.
   */
  async function fillIn(
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
      if (value !== undefined) await give(page, stop, value);
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
    const url = new URL(page.url());
    if (step.then.at && !step.then.at.test(url.pathname + url.search))
      throw new Error(`${step.form} led to ${url.pathname}${url.search}: "${await said(page)}"`);
    const words = await said(page);
    if (typeof shows === 'string' ? !words.includes(shows) : !shows.test(words))
      throw new Error(`${step.form} led to a page saying "${words}", not ${String(shows)}`);
    const { has } = step.then;
    if (has && !(await page.locator('#main-content').innerText()).includes(has))
      throw new Error(`${step.form} led to a page saying "${words}" without "${has}"`);
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
  async function keyboardOnly(f: KeyboardForm, page: Page): Promise<void> {
    const steps = f.steps(world);
    await page.goto(`${origin}${f.page(world)}`);
    if (f.refused) {
      await fillIn(page, steps[0].form, f.refused);
      await page.locator('.govuk-error-summary:focus').waitFor({ timeout: 10_000 });
      await focusShown(page, 'the error summary');
      await kept(page, steps[0].form, f.refused);
      await linkedInWords(page, steps[0].form);
    }
    for (const step of steps) {
      const file = await fillIn(page, step.form, step.values, step.then.download);
      await check(page, step, file);
    }
  }

  it('reaches every field and button with Tab, fills each form in, and shows where the focus is', async () => {
    const problems: string[] = [];
    const pages: Partial<Record<KeyboardForm['as'], Page>> = {};
    for (const [n, f] of [
      ...KEYBOARD_DIRECTORY_FORMS,
      ...KEYBOARD_FORMS,
      ...KEYBOARD_MEETING_FORMS,
      ...KEYBOARD_MORE_FORMS,
      ...KEYBOARD_CASE_FORMS,
    ].entries()) {
      if (f.on) {
        clock.set(f.on);
        delete pages.officer;
        delete pages.administrator;
      }
      const page = (pages[f.as] ??= await browserOf(f.as));
      try {
        await keyboardOnly(f, page);
      } catch (e) {
        problems.push(`${f.form}: ${(e as Error).message.split('\n')[0]}`);
        await page.screenshot({ path: `${ARTIFACTS}/keyboard-${n}.png`, fullPage: true });
      }
    }
    expect(problems).toEqual([]);
  });
});
