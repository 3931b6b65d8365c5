import { FUZZ_MEETING, type FuzzWorld } from './fuzz-world.factory';
import { at, type Operation, type Schema } from './fuzz-api-operations.service';

/*
 * Good bodies for the operations the fuzz of the API writes to (test/fuzz-api), made of the fuzz
 * world's ids: the fuzz spoils them one or more places at a time, so that most of what it sends is
 * nearly right and reaches the use cases' own checks.
 */

/** Good bodies for the operations that take one: the fuzz spoils them. */
export async function goodBodies(
  world: FuzzWorld,
  op: Operation,
  params: Record<string, string>,
): Promise<unknown[]> {
  const id = params.id;
  const version = world.fuzz.cases.includes(id) ? await world.versionOf(id) : 1;
  const person = (k: string) => world.id(k);
  const good: Record<string, unknown[]> = {
    'post /api/cases': [
      {
        template: 'jcb-delegated-decision',
        title: 'Carers contract',
        dates: { meetingDate: FUZZ_MEETING },
        roles: world.jcbV7Roles,
      },
      {
        template: 'minutes-approval',
        templateVersion: 1,
        title: 'HWBB minutes',
        dates: { meetingDate: '2025-07-30', nextMeetingDate: '2025-09-24' },
        roles: { chair: world.ids.offices.chair },
      },
    ],
    'post /api/cases/{id}/events': [
      { type: 'AGREE', expectedVersion: version, payload: { comments: 'Agreed.' } },
      {
        type: 'RECORD_NOTICES',
        expectedVersion: version,
        payload: {
          meetingDate: FUZZ_MEETING,
          itemTitle: 'Carers contract',
          keyDecision: true,
          forwardPlanPublishedOn: '2025-07-01',
          reportPublishedOn: '2025-08-20',
        },
      },
      { type: at(world.fuzz.eventTypes, version), expectedVersion: version, payload: {} },
    ],
    'post /api/cases/{id}/documents': [
      {
        expectedVersion: version,
        name: 'Plan.pdf',
        mediaType: 'application/pdf',
        contentBase64: 'JVBERi0xLjQ=',
        replaces: world.fuzz.documents[0],
      },
    ],
    'post /api/cases/{id}/emails/{effectId}/resend': [{ expectedVersion: version }],
    'post /api/meetings': [
      { body: world.ids.bodies.jcb, meetingDate: '2025-10-02', title: 'JCB, October' },
    ],
    'post /api/meetings/{id}/agenda-items': [
      {
        title: 'Carers contract',
        caseId: world.fuzz.cases[4],
        keyDecision: true,
        forwardPlanPublishedOn: '2025-07-01',
        part2Reasons: 'Commercial terms (para 3)',
        privateNoticePublishedOn: '2025-08-01',
        reportPublishedOn: '2025-08-20',
        noticeRoutes: { lateItemSpecialCircumstances: 'The tender closed late' },
      },
    ],
    'post /api/meetings/{id}/publication': [{ agendaPublishedOn: '2025-08-22' }],
    'put /api/meetings/{id}/attendance': [
      [
        { personId: person('cab1'), status: 'present' },
        { personId: person('ccg2'), status: 'apologies' },
        { personId: person('sub'), status: 'present', substituteFor: person('ccg2') },
      ],
    ],
    'post /api/meetings/{id}/agenda-items/{itemId}/notice-routes': [
      {
        generalException: {
          scrutinyChairToldInWritingOn: '2025-08-01',
          noticePublishedOn: '2025-08-04',
        },
        specialUrgency: {
          agreedBy: 'scrutinyChair',
          name: 'Cllr Jan Cole',
          agreedOn: '2025-08-03',
        },
      },
    ],
    'post /api/meetings/{id}/agenda-items/{itemId}/declarations': [
      {
        personId: person('ccg1'),
        kind: 'disclosablePecuniary',
        details: 'Director of a bidder',
        dispensationId: world.fuzz.dispensations[0],
      },
    ],
    'post /api/meetings/{id}/agenda-items/{itemId}/show-of-hands': [
      {
        hands: ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2', 'ccg3'].map((k) => ({
          personId: person(k),
          hand: 'for',
        })),
        chairChoice: { outcome: 'deferred', consultedThosePresent: true },
        expectedCaseVersion: await world.versionOf(world.fuzz.cases[4]),
      },
    ],
    'post /api/meetings/{id}/minutes-approval': [
      { previousMeetingId: world.fuzz.meetings[1], amendments: ['Item 3: for "Ms" read "Dr"'] },
    ],
    'post /api/dispensations': [
      {
        personId: person('ccg2'),
        grantor: 'Standards Committee',
        ground: 'politicalBalance',
        matters: ['carers'],
        relievesFrom: ['discussion', 'vote'],
        grantedOn: '2025-08-01',
        endsOn: '2029-07-31',
      },
    ],
    'put /api/settings': [
      {
        calendar: {
          extraClosures: [{ date: '2025-12-29', reason: 'Council closure' }],
          weekendsCountAsClearDays: false,
        },
        interests: { dpiMemberMustLeaveRoom: true },
        callIn: { periodWorkingDays: 5 },
      },
    ],
  };
  return good[`${op.method} ${op.path}`] ?? [fromSchema(op.bodySchema)];
}

/** A body for an operation this file has no good body for: the document's examples, or a typed placeholder. */
function fromSchema(schema: Schema | undefined): unknown {
  if (!schema) return {};
  if (schema.example !== undefined) return schema.example;
  if (schema.type === 'object' || schema.properties)
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([k, s]) => [k, fromSchema(s)]),
    );
  return { integer: 1, number: 1, boolean: true, array: [] }[schema.type ?? ''] ?? 'x';
}
