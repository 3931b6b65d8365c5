import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecidedOutcome } from '../governance/decided-outcome.service';
import { stateKey } from './machine-snapshot.service';
import { listTemplates } from './template.registry';
import { Walker } from './trace-recorder.service';
import type { TraceFile } from './trace-replay.service';
import type { MeetingOutcome, WorkflowTemplate } from './workflow.template';

/**
 * The meetings bridge now tells a case what the body's own rule computed from the hands
 * (MeetingOutcome.decided). Templates released before it read only the hands and the Chair's
 * choice: in every situation their recorded traces reach, each is asked for its meeting events with
 * and without that outcome, and must answer the same.
 */

/** Templates that read `decided`: versions written after the bridge carried it. */
const READS_DECIDED = new Set(['grant-ratification@3']);

const takesMeetings = listTemplates().filter(
  (t) => t.meetingEvents && !READS_DECIDED.has(`${t.id}@${t.version}`),
);

const outcome = (chairChoice?: MeetingOutcome['chairChoice']): MeetingOutcome => ({
  meetingDate: '2026-07-16',
  body: { name: 'Health and Wellbeing Board', kind: 'hwbb' },
  item: {
    title: 'The item',
    keyDecision: false,
    forwardPlanPublishedOn: null,
    reportPublishedOn: '2026-07-01',
    lateItemSpecialCircumstances: null,
    generalException: null,
    specialUrgency: null,
    privateItem: null,
  },
  members: [{ personId: 'p1', name: 'A Member', partner: 'council' }],
  attendance: [{ personId: 'p1', name: 'A Member', status: 'present' }],
  declarations: [],
  hands: [{ personId: 'p1', hand: chairChoice ? 'against' : 'for' }],
  ...(chairChoice ? { chairChoice } : {}),
});

const decided: DecidedOutcome[] = [
  {
    rule: 'consensus',
    outcome: 'consensus',
    tie: false,
    tally: { for: 1, against: 0, abstain: 0 },
    explanation: ['consensus'],
  },
  {
    rule: 'majority',
    outcome: 'lost',
    tie: true,
    tally: { for: 1, against: 1, abstain: 0 },
    explanation: ['lost: a tie is not a majority'],
  },
  {
    rule: 'majority',
    outcome: 'carried',
    tie: false,
    tally: { for: 2, against: 1, abstain: 0 },
    explanation: ['carried: more for than against'],
  },
];

const answer = (
  t: WorkflowTemplate,
  o: MeetingOutcome,
  current: { stateKey: string; context: unknown },
) => {
  try {
    return t.meetingEvents!(o, current);
  } catch (e) {
    return { threw: String(e) };
  }
};

describe('released templates taking a meeting’s outcome ignore what the body’s rule computed', () => {
  it('has templates to check', () => {
    expect(takesMeetings.length).toBeGreaterThanOrEqual(6);
  });

  it.each(takesMeetings.map((t) => [`${t.id}@${t.version}`, t] as const))(
    '%s answers as before in every situation its traces reach',
    (_, t) => {
      const file = JSON.parse(
        readFileSync(join(__dirname, t.id, 'traces', `v${t.version}.traces.json`), 'utf8'),
      ) as TraceFile;
      const walker = new Walker(t, file);
      const seen = new Set<string>();
      let compared = 0;
      for (const trace of file.traces) {
        const { steps } = walker.walk(trace.steps.map((s) => s.send));
        for (const snapshot of [walker.start, ...steps.map((s) => s.after)]) {
          const current = {
            stateKey: stateKey(snapshot.value),
            context: snapshot.context as unknown,
          };
          const key = JSON.stringify(current);
          if (seen.has(key)) continue;
          seen.add(key);
          for (const chair of [
            undefined,
            { outcome: 'referredBack' as const, consultedThosePresent: true },
          ]) {
            const before = answer(t, outcome(chair), current);
            for (const d of decided)
              expect(answer(t, { ...outcome(chair), decided: d }, current)).toEqual(before);
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(0);
    },
  );

  it('reads traces for each of them', () => {
    for (const t of takesMeetings)
      expect(existsSync(join(__dirname, t.id, 'traces', `v${t.version}.traces.json`))).toBe(true);
  });
});
