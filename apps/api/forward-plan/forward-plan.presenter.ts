import type {
  DraftListing,
  ForwardPlanListing,
} from '../../../libs/forward-plan/forward-plan-listing';
import type { EditionRow } from '../../../libs/forward-plan/forward-plan.repository';
import { CASE_OPENS_AFTER_UPDATE } from '../http/service-updating.presenter';
import { dayInWords, whenInWords } from '../pages/forms/words.service';

/**
 * A listing of the draft as the staff page shows it: one on a template version this build lacks
 * by its reference too, with what the latest edition said of it, and that it opens after the update.
 */
export function draftRow(l: DraftListing) {
  if (!('notInThisBuild' in l)) return { ...listingRow(l, null), updating: '' };
  const { particulars, decisionMaker, firstPublishedOn } = l;
  const known = particulars && decisionMaker;
  return {
    ...(known
      ? listingRow({ ...l, particulars, decisionMaker }, null)
      : {
          decisionMaker: { name: null, actingAs: 'not known until the update has finished' },
          expected: 'Not known until the update has finished',
          firstPublished: firstPublishedOn ? dayInWords(firstPublishedOn) : 'not yet published',
        }),
    title: `${l.title} (${l.reference})`,
    firstPublishedOn,
    updating: CASE_OPENS_AFTER_UPDATE,
  };
}

/**
 * What the page says before its form while the draft lists such decisions: publishing is refused
 * until the update has finished (this build cannot tell their cases the day).
 */
export function editionWaitsInWords(draft: DraftListing[]): string {
  const n = draft.filter((l) => 'notInThisBuild' in l).length;
  if (n === 0) return '';
  const which =
    n === 1 ? '1 of the key decisions above cannot' : `${n} of the key decisions above cannot`;
  return `An edition cannot be published until an update to the service has finished: ${which} be read until then. Try again in a few minutes.`;
}

/** One key decision as the plan's pages show it: dates in words, new in this edition or not. */
export function listingRow(l: ForwardPlanListing, edition: EditionRow | null) {
  const e = l.particulars.expected;
  return {
    ...l,
    expected:
      'on' in e
        ? `On or after ${dayInWords(e.on)}`
        : `Between ${dayInWords(e.from)} and ${dayInWords(e.until)}`,
    firstPublished: l.firstPublishedOn ? dayInWords(l.firstPublishedOn) : 'not yet published',
    isNew: !!edition && l.firstPublishedOn === edition.publishedOn,
    documents: l.particulars.documents.join('; ') || 'none listed',
  };
}

/** An edition in words: when it was published, by whom, how many decisions it listed. */
export function editionRow(e: EditionRow) {
  const fresh = e.entries.filter((l) => l.firstPublishedOn === e.publishedOn).length;
  return {
    id: e.id,
    publishedOn: dayInWords(e.publishedOn),
    confirmedAt: whenInWords(new Date(e.publishedAt)),
    publishedBy: e.publishedBy.name ?? 'an officer',
    count: e.entries.length,
    fresh,
  };
}

/** An edition as the plan's JSON gives it (ISO dates: a machine reads this). */
export function editionJson(e: EditionRow, entries: ForwardPlanListing[]) {
  return {
    edition: e.id,
    publishedOn: e.publishedOn,
    publishedAt: new Date(e.publishedAt).toISOString(),
    keyDecisions: entries,
  };
}
