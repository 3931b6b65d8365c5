import { escapeHtml } from '../core/escape-html';
import type { ForwardPlanListing } from './forward-plan-listing';
import type { EditionRow } from './forward-plan.repository';

/** The entries first published on or after `since` (a London date): what is new in the plan since then. */
export function newSince(entries: ForwardPlanListing[], since: string | undefined) {
  return since ? entries.filter((e) => (e.firstPublishedOn ?? '') >= since) : entries;
}

/**
 * The forward plan as an Atom feed (RFC 4287): one entry per key decision in the latest edition,
 * `published` the day it first appeared in the plan, so that a feed reader shows additions as new.
 * Twenty lines of XML do not warrant a dependency; every text is escaped.
 */
export function forwardPlanAtom(input: {
  council: string;
  tenantId: string;
  base: string;
  slug: string;
  edition: EditionRow | null;
}): string {
  const x = (s: string) => escapeHtml(s);
  const { edition, base, slug } = input;
  const updated = edition ? new Date(edition.publishedAt).toISOString() : new Date(0).toISOString();
  const entries = (edition?.entries ?? []).map((e) => {
    const expected =
      'on' in e.particulars.expected
        ? `expected on ${e.particulars.expected.on}`
        : `expected between ${e.particulars.expected.from} and ${e.particulars.expected.until}`;
    const summary = [
      e.particulars.matter,
      `Decision maker: ${e.decisionMaker.name ?? 'not yet named'}, ${e.decisionMaker.actingAs}`,
      `Decision ${expected}`,
      e.particulars.exemptReasons
        ? `Part of it is exempt: ${e.particulars.exemptReasons}`
        : 'Nothing in it is exempt',
      `Representations: ${e.particulars.representations}`,
    ].join('. ');
    return `  <entry>
    <id>urn:uuid:${x(e.caseId)}</id>
    <title>${x(e.title)}</title>
    <link href="${x(`${base}/forward-plan/${slug}#${e.caseId}`)}"/>
    <published>${x(e.firstPublishedOn ?? edition!.publishedOn)}T00:00:00Z</published>
    <updated>${updated}</updated>
    <summary>${x(summary)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:uuid:${x(input.tenantId)}</id>
  <title>${x(`Forward plan of key decisions – ${input.council}`)}</title>
  <link rel="self" href="${x(`${base}/forward-plan/${slug}/feed.atom`)}"/>
  <link href="${x(`${base}/forward-plan/${slug}`)}"/>
  <updated>${updated}</updated>
  <author><name>${x(input.council)}</name></author>
${entries.join('\n')}
</feed>
`;
}
