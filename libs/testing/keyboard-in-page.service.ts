import { readFileSync } from 'node:fs';
import { AXE_VIOLATIONS_IN_PAGE } from './browser.service';

/*
 * What test/keyboard-forms-browser's runner (keyboard-runner.service.ts) evaluates in the page or
 * matches its text against: the GOV.UK focus style, the fields of a form in Tab order, the arrow
 * presses to a choice, what the fields show, axe-core, and the words no page says.
 */

/** GOV.UK Frontend's focus colour (#ffdd00), as computed styles give it. */
const FOCUS_COLOUR = 'rgb(255, 221, 0)';

/** In the page: whether the focused element shows the GOV.UK focus style (a radio's and a box's on their label). */
export const FOCUS_SHOWN = `(() => {
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
export const RAW =
  /\b\d{4}-\d{2}-\d{2}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-|\b[a-z]+[A-Z]\w*|(^|\()[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\b|Invalid input|expected \w+, received/;

/** What no page a form leads to shows: a time in UTC, an id, a day as ISO. */
export const MACHINE =
  /\bUTC\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b\d{4}-\d{2}-\d{2}\b/;

/** axe-core, evaluated in the page as a DevTools client does (the page's own CSP stays on). */
export const AXE = `${readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')};
  ${AXE_VIOLATIONS_IN_PAGE}.then((vs) => vs.map((v) => v.id + ' (' + v.nodes.map((n) => n.target).join(', ') + ')'))`;

/** A field of the form as the keyboard meets it: a radio group is one stop, named by its first radio's id. */
export interface Stop {
  id: string;
  type: string;
  tag: string;
  selector: string;
}

/** In the page: the fields of `form` a person can see, in the order Tab reaches them (the document's). */
export function stopsOf(form: string): string {
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
export function movesTo(choose: string): string {
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
export function shownIn(form: string): string {
  return `[...document.querySelectorAll(${JSON.stringify(form)} + ' :is(input, textarea)')]
    .filter((el) => el.id && !['hidden', 'radio', 'checkbox', 'file'].includes(el.type))
    .map((el) => ({ id: el.id, value: el.value,
      secret: el.type === 'password' || el.autocomplete === 'one-time-code' }))`;
}
