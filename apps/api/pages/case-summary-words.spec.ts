import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'express';
import { PageRenderer, repositoryRoot } from './page-renderer.service';

/*
 * Issue #15: the BCF board sign-off v2/v3 and quarterly report v2/v3 summaries name a meeting by
 * its ISO date ("deferred at its meeting of 2026-07-08"). Released versions' summaries are
 * recorded in their traces and stay as they are; pages write them with their dates in words.
 */

/** Every summary naming a meeting or a date in a released version's recorded traces. */
function recordedSummaries(template: string, version: number): string[] {
  const file = join(repositoryRoot(), `libs/workflows/${template}/traces/v${version}.traces.json`);
  const found = readFileSync(file, 'utf8').match(/"summary": *"[^"]*meeting of [^"]*"/g) ?? [];
  return [...new Set(found.map((s) => (JSON.parse(`{${s}}`) as { summary: string }).summary))];
}

/** The page as sent, its tags removed. */
function rendered(template: string, context: Record<string, unknown>): string {
  let body = '';
  const res = {
    locals: {},
    req: { path: '/act/x' },
    status: () => res,
    type: () => res,
    send: (b: string) => {
      body = b;
      return res;
    },
  } as unknown as Response;
  new PageRenderer().html(res, template, context);
  return body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('a case’s summary on a page', () => {
  const summaries = [
    ...recordedSummaries('bcf-board-sign-off', 2),
    ...recordedSummaries('bcf-board-sign-off', 3),
    ...recordedSummaries('bcf-board-sign-off', 4),
    ...recordedSummaries('bcf-quarterly-performance-report', 3),
    ...recordedSummaries('bcf-quarterly-performance-report', 4),
  ];

  it('is found in the released BCF templates’ traces with the meeting’s ISO date', () => {
    expect(summaries.length).toBeGreaterThan(5);
    expect(summaries).toContain(
      'Awaiting the HWBB’s consideration of the draft and its arrangements for approving the final version (deferred at its meeting of 2026-07-08: a later meeting’s show of hands) by 2026-09-11',
    );
  });

  it('names the meeting and every other date in words, never as an ISO date', () => {
    const page = rendered('link-receipt.njk', {
      page: { caseTitle: 'Better Care Fund plan 2026/27', actingAs: 'Chair' },
      responseWords: 'Approved',
      recordedAt: 'Wednesday 8 July 2026 at 7:00pm',
      summary: summaries.find((s) => s.includes('meeting of 2026-07-08')),
    });
    expect(page).toContain(
      'deferred at its meeting of Wednesday 8 July 2026: a later meeting’s show of hands) by Friday 11 September 2026',
    );
    for (const summary of summaries) {
      const text = rendered('link-receipt.njk', { page: {}, summary });
      expect(text).not.toMatch(/\d{4}-\d\d-\d\d/);
      expect(text).toMatch(
        /meeting of (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) /,
      );
    }
  });
});
