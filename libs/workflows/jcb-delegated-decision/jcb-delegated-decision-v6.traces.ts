import type { TracePlan } from '../trace-recorder.service';
import { JCB_V5_TRACES } from './jcb-delegated-decision-v5.traces';

/**
 * Version 6's traces: version 5's events and journeys, each case's matter described for the
 * forward plan before its notices and listed in the plan published on Tue 1 Jul 2025 (the day
 * versions 1 to 5's traces typed), so that the notices take that day from the case; the typed key
 * decision answer and forward plan day left out of the notices, as the template writes them. And
 * what the rules refuse: notices before the matter is described, a typed day other than the
 * plan's, a key decision answer other than the matter's, and a plan published on Fri 1 Aug 2025,
 * 22 clear working days before the meeting of Thu 4 Sep 2025 (28 are needed), met only by the
 * general exception (reg 10).
 */

const EDITION = '3b0f6c2e-8d4a-4f1b-9e7c-5a2d1c0b9e84';
const LATE_EDITION = '9c1e7a4d-2f3b-4c5d-8e6f-0a1b2c3d4e5f';

type Event = TracePlan['events'][string];
const V5 = JCB_V5_TRACES.events;

/** The notices as version 6 takes them: the key decision and the plan's day are the case's. */
const fromTheCase = (e: Event): Event => {
  if (e.type !== 'RECORD_NOTICES') return e;
  const { keyDecision: _k, forwardPlanPublishedOn: _f, ...payload } = e.payload;
  return { ...e, payload };
};

const MATTER = {
  summary: 'Award the integrated carers support contract for three years from April 2026',
  keyDecision: true,
  keyDecisionReasons: 'Spending of £1.5M, affecting carers in every ward',
  documents: ['Report of the Director of Adult Social Care', 'Tender evaluation summary'],
  exemptReasons: null,
  representations: 'Write to democratic.services@example.org by 1 September 2025',
};

const officer = (type: string, payload: Record<string, unknown>): Event => ({
  type,
  role: 'officer',
  payload,
});
const published = (publishedOn: string, edition: string): Event => ({
  type: 'FORWARD_PLAN_PUBLISHED',
  role: 'system',
  payload: { publishedOn, edition },
});

const notices = V5.RECORD_NOTICES.payload;
const V6_EVENTS: TracePlan['events'] = {
  DESCRIBE_MATTER: officer('DESCRIBE_MATTER', MATTER),
  'DESCRIBE_MATTER, not a key decision': officer('DESCRIBE_MATTER', {
    ...MATTER,
    keyDecision: false,
    keyDecisionReasons: null,
  }),
  'DESCRIBE_MATTER, key without reasons': officer('DESCRIBE_MATTER', {
    ...MATTER,
    keyDecisionReasons: null,
  }),
  FORWARD_PLAN_PUBLISHED: published('2025-07-01', EDITION),
  'FORWARD_PLAN_PUBLISHED, 22 clear days before the meeting': published('2025-08-01', LATE_EDITION),
  'FORWARD_PLAN_PUBLISHED, by the officer': {
    ...published('2025-07-01', EDITION),
    role: 'officer',
  },
  ...Object.fromEntries(Object.entries(V5).map(([name, e]) => [name, fromTheCase(e)])),
  'RECORD_NOTICES, the plan’s day typed': officer('RECORD_NOTICES', {
    ...(fromTheCase(V5.RECORD_NOTICES).payload as object),
    forwardPlanPublishedOn: '2025-07-01',
  }),
  'RECORD_NOTICES, a day other than the plan’s': officer('RECORD_NOTICES', {
    ...notices,
    forwardPlanPublishedOn: '2025-06-30',
  }),
  'RECORD_NOTICES, by the general exception': officer('RECORD_NOTICES', {
    ...(fromTheCase(V5.RECORD_NOTICES).payload as object),
    generalException: {
      scrutinyChairToldInWritingOn: '2025-08-20',
      noticePublishedOn: '2025-08-20',
    },
  }),
  'RECORD_NOTICES, not a key decision though the matter is': officer('RECORD_NOTICES', {
    ...(fromTheCase(V5.RECORD_NOTICES).payload as object),
    keyDecision: false,
  }),
};

/** Each journey's case described and, when its decision is key, listed in the plan first. */
const described = (sends: string[]): string[] => {
  const at = sends.findIndex((s) => s.startsWith('RECORD_NOTICES'));
  if (at < 0) return sends;
  const first = sends[at].includes('not a key decision')
    ? ['DESCRIBE_MATTER, not a key decision']
    : ['DESCRIBE_MATTER', 'FORWARD_PLAN_PUBLISHED'];
  return [...sends.slice(0, at), ...first, ...sends.slice(at)];
};

export const JCB_V6_TRACES: TracePlan = {
  ...JCB_V5_TRACES,
  version: 6,
  events: V6_EVENTS,
  journeys: {
    'a key decision listed in the plan published 1 July: the notices take the plan’s day and edition from the case':
      ['DESCRIBE_MATTER', 'FORWARD_PLAN_PUBLISHED', 'RECORD_NOTICES, the plan’s day typed'],
    'listed in the plan published 1 August, 22 clear days before the meeting: the notices met only by the general exception, counted from the case’s plan':
      [
        'DESCRIBE_MATTER',
        'FORWARD_PLAN_PUBLISHED, 22 clear days before the meeting',
        'RECORD_NOTICES, by the general exception',
      ],
    'the matter described again before the notices, then the plan published and the notices met': [
      'DESCRIBE_MATTER, not a key decision',
      'DESCRIBE_MATTER',
      'FORWARD_PLAN_PUBLISHED',
      'RECORD_NOTICES',
    ],
    ...Object.fromEntries(
      Object.entries(JCB_V5_TRACES.journeys ?? {}).map(([name, sends]) => [name, described(sends)]),
    ),
  },
};
