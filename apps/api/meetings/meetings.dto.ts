import { z } from 'zod';
import {
  agendaItemBody,
  attendanceBody,
  declarationBody,
  minutesBody,
  minutesSignerBody,
  noticeRoutesBody,
  publicationBody,
  scheduleBody,
  showOfHandsBody,
} from '../../../libs/meetings/meeting-input.schema';
import { grant } from '../../../libs/meetings/use-cases/grant-dispensation.use-case';
import { councilSettingsSchema } from '../../../libs/governance/council-settings.service';
import { bodyRef, schemaRef } from '../openapi/openapi-schemas';

/**
 * OpenAPI shapes of meetings, dispensations and the council's settings: request bodies are the use
 * cases' own zod schemas (so the document cannot drift from what is validated), responses here.
 */
export const MEETING_BODIES = {
  schedule: bodyRef('ScheduleMeeting', scheduleBody),
  agendaItem: bodyRef('NewAgendaItem', agendaItemBody),
  publication: bodyRef('AgendaPublication', publicationBody),
  attendance: bodyRef('Attendance', attendanceBody),
  noticeRoutes: bodyRef('NoticeRoutes', noticeRoutesBody),
  declaration: bodyRef('Declaration', declarationBody),
  showOfHands: bodyRef('ShowOfHands', showOfHandsBody),
  minutes: bodyRef('MinutesApproval', minutesBody),
  minutesSigner: bodyRef('MinutesSigner', minutesSignerBody),
  dispensation: bodyRef('NewDispensation', grant),
  settings: bodyRef('CouncilSettingsChange', councilSettingsSchema),
};

const id = z.uuid();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const explanation = z.array(z.string()).describe('the rule’s reasoning, a sentence a line');

const meetingRow = z.object({
  id,
  bodyId: id,
  bodyName: z.string(),
  bodyKind: z.string(),
  meetingDate: day,
  title: z.string(),
  agendaPublishedOn: day.nullable(),
});

const agendaItem = z
  .object({
    id,
    position: z.number().int(),
    title: z.string(),
    caseId: id.nullable(),
    keyDecision: z.boolean(),
    forwardPlanPublishedOn: day.nullable(),
    part2Reasons: z.string().nullable(),
    privateNoticePublishedOn: day.nullable(),
    reportPublishedOn: day.nullable(),
    noticeRoutes: z.record(z.string(), z.unknown()),
    notices: z.unknown().describe('each notice rule’s verdict with its explanation'),
    deadlines: z.record(z.string(), z.unknown()).describe('by when each notice is due'),
    quorum: z.object({
      quorate: z.boolean(),
      excludedPersonIds: z.array(id),
      explanation,
    }),
    declarations: z.array(z.unknown()),
    votes: z.array(
      z.object({
        itemId: id,
        personId: id,
        name: z.string(),
        hand: z.enum(['for', 'against', 'abstain']),
      }),
    ),
    outcome: z
      .object({
        itemId: id,
        outcome: z.enum(['consensus', 'deferred', 'referredBack', 'carried', 'lost']),
        tally: z.record(z.string(), z.number()),
        explanation,
        quorumExplanation: explanation,
        recordedAt: z.string(),
      })
      .nullable(),
  })
  .describe('a private (Part 2) item’s content is withheld from those who may not read it');

export const meetingResponse = schemaRef(
  'Meeting',
  meetingRow.extend({
    publishAgendaBy: z.unknown().describe('the last day to publish the agenda'),
    quorumRule: z.unknown(),
    decisionRule: z.unknown(),
    members: z.array(z.object({ personId: id, name: z.string() }).loose()),
    attendance: z.array(
      z
        .object({
          personId: id,
          status: z.enum(['present', 'apologies', 'absent']),
          substituteFor: id.nullable().optional(),
          substituteForName: z.string().optional(),
          voting: z
            .boolean()
            .describe(
              'false in a non-voting seat (a member holding no voting seat on the body, or a substitute for one): present, never counted, shows no hand',
            ),
        })
        .loose(),
    ),
    quorum: z.object({ quorate: z.boolean(), summary: z.string(), explanation }),
    agenda: z.array(agendaItem),
    minutesApproved: z.array(
      z.object({
        previousMeetingId: id,
        previousMeetingDate: day,
        amendments: z.array(z.string()),
        quorumExplanation: explanation,
        recordedAt: z.string(),
      }),
    ),
  }),
);

export const meetingListResponse = schemaRef(
  'MeetingList',
  z.object({
    items: z.array(
      meetingRow.extend({
        publishAgendaBy: z
          .unknown()
          .describe(
            'the last day to publish the agenda, with its counting explained; null for a body without rules',
          ),
      }),
    ),
    limit: z.number().int(),
    offset: z.number().int(),
    next: z.number().int().nullable().describe('the following page’s offset; null on the last'),
  }),
);

const dispensation = z.object({
  id,
  personId: id,
  grantor: z.string(),
  ground: z.string(),
  matters: z.array(z.string()),
  relievesFrom: z.array(z.string()),
  grantedOn: day,
  endsOn: day,
  revokedOn: day.nullable(),
});

export const dispensationResponse = schemaRef('Dispensation', dispensation);
export const dispensationListResponse = schemaRef('DispensationList', z.array(dispensation));
export const councilSettingsResponse = schemaRef('CouncilSettings', councilSettingsSchema);
