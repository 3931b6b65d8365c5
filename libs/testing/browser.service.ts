import { mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { findChromium } from './chromium-path.service';

/**
 * Chromium (the system's, or the npm package's: findChromium) driven by playwright-core. The
 * flags keep it off the network the sandbox refuses (background services, component updates) and
 * let it run as root.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core's WCAG 2.2 A and AA rules run in a page that has axe loaded: a promise of the violations
 * with each node's target, but for one: aria-expanded on a GOV.UK radio that reveals a conditional
 * box, which govuk-frontend sets on purpose (screen readers announce it; a documented known issue,
 * alphagov/govuk-frontend#979, w3c/aria#1404; ADR 0045). Only a node whose sole fault is that
 * attribute is left out. A string, because this project compiles without the DOM's types.
 */
export const AXE_VIOLATIONS_IN_PAGE = `window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }).then((result) => {
    const govukReveal = (v, n) => v.id === 'aria-allowed-attr'
      && /^<input class="govuk-radios__input"[^>]* aria-controls="conditional-/.test(n.html)
      && [...n.any, ...n.all, ...n.none].every((c) => /^ARIA attribute is not allowed: aria-expanded="(true|false)"$/.test(c.message));
    return result.violations
      .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !govukReveal(v, n)) }))
      .filter((v) => v.nodes.length)
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  })`;

/** Runs axe-core's WCAG 2.2 A and AA rules on the page and returns the violations (AXE_VIOLATIONS_IN_PAGE). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: source });
  return page.evaluate(AXE_VIOLATIONS_IN_PAGE);
}

/**
 * How long one browser journey may take before it counts as stuck: a journey of a dozen pages
 * takes 10-60 s on a busy 2-core machine (jest's default for this project is 60 s). A ceiling,
 * not a wait: every step still waits for its own condition.
 */
export const BROWSER_JOURNEY_TIMEOUT_MS = 240_000;

/** Where browser tests leave their screenshots for CI to keep (not committed). */
export const ARTIFACTS = 'test/artifacts';

/** A screenshot of the page for the CI artefacts, then axe-core: no WCAG 2.2 AA violations. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  expect([name, await axeViolations(page)]).toEqual([name, []]);
}

/** Presses Tab from where the focus is until `selector` has it, as a keyboard user does. */
export async function tabTo(page: Page, selector: string, most = 60): Promise<void> {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    if (
      await page.evaluate(
        `document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`,
      )
    )
      return;
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

/**
 * Clicks what posts a form or follows a link, and returns once the page it brings has loaded:
 * click() alone returns before the new page is there, so a count() or textContent() read straight
 * after it can read the old page on a busy machine.
 */
export async function clickAndLoad(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), target.click()]);
}
