import type { Browser, Page } from 'playwright-core';
import {
  axeViolations,
  BROWSER_JOURNEY_TIMEOUT_MS,
  launchChromium,
} from '../libs/testing/browser.service';

/**
 * The one axe finding the browser specs allow (ADR 0045): aria-expanded on a GOV.UK radio that
 * reveals a conditional box, as govuk-frontend's Radios sets it. Anything else on such a radio,
 * or the same attribute on any other radio, is still a violation.
 */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('axe in the browser specs', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const radios = (attributes: string, inputClass = 'govuk-radios__input') =>
    `<!DOCTYPE html><html lang="en"><head><title>Radios</title></head><body><main>
      <fieldset><legend>Your answer</legend>
        <input class="${inputClass}" id="a" name="r" type="radio" value="a" aria-controls="conditional-a" ${attributes}><label for="a">A</label>
        <div id="conditional-a"><label for="why">Why</label><textarea id="why" name="why"></textarea></div>
        <input class="${inputClass}" id="b" name="r" type="radio" value="b"><label for="b">B</label>
      </fieldset></main></body></html>`;

  const ids = async (html: string) => {
    await page.setContent(html);
    return (await axeViolations(page)).map((v) => [v.id, v.nodes.map((n) => n.target.join(' '))]);
  };

  it('allows govuk-frontend’s aria-expanded on a radio that reveals a box, shown or hidden', async () => {
    expect(await ids(radios('aria-expanded="false"'))).toEqual([]);
    expect(await ids(radios('aria-expanded="true"'))).toEqual([]);
  });

  it('still reports another attribute on such a radio, and aria-expanded on any other radio', async () => {
    expect(await ids(radios('aria-expanded="false" aria-pressed="true"'))).toEqual([
      ['aria-allowed-attr', ['#a']],
    ]);
    expect(await ids(radios('aria-expanded="false"', 'other-radio'))).toEqual([
      ['aria-allowed-attr', ['#a']],
    ]);
  });
});
