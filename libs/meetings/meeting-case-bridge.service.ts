import { Injectable } from '@nestjs/common';
import { scopeOf } from '../core/tenant-scope';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import { CaseRepository, type CaseRow } from '../engine/case.repository';
import { SendEventUseCase } from '../engine/send-event.use-case';
import { CaseNotFoundError, DomainError, GovernanceRuleError } from '../errors/domain.errors';
import type { ChairChoice, Hand } from '../governance/consensus.service';
import type { DecidedOutcome } from '../governance/decided-outcome.service';
import { templateOfCase } from '../workflows/case-template.service';
import type { MeetingOutcome, WorkflowTemplate } from '../workflows/workflow.template';
import type { AgendaItemRow } from './agenda-items.repository';
import { linkedCaseRefusal } from './linked-case-refusal.errors';
import type { MeetingRecord } from './meeting-record.service';

/**
 * The show of hands on an item: the hands, the Chair's choice (consensus bodies), and what the
 * body's own decision rule computed from them (decided-outcome.service.ts), which templates may act
 * on; a template that reads only hands and the Chair's choice is sent exactly what it was before.
 */
export interface MeetingVote {
  hands: { personId: string; hand: Hand }[];
  chairChoice?: ChairChoice;
  decided?: DecidedOutcome;
}

/** The case an agenda item is linked to, as read before the meeting judged the item. */
export interface LinkedCase {
  row: CaseRow;
  template: WorkflowTemplate;
}

export interface CarriedOutcome {
  caseId: string;
  version: number;
  stateKey: string;
  events: string[];
}

/**
 * Carries a meeting's recorded outcome of an agenda item into the case the item is linked to, so
 * that the meeting and the case record one meeting once. The case's template says which events it
 * wants and with which payloads (WorkflowTemplate.meetingEvents); this bridge only builds the
 * meeting's record in the shape templates take and sends the events through the engine's one path,
 * as the officer, in the caller's transaction: the meeting's write and the case's events are
 * recorded together or not at all. Items without a case, or whose case's template takes no meeting
 * events, are left alone.
 */
@Injectable()
export class MeetingCaseBridge {
  constructor(
    private readonly send: SendEventUseCase,
    private readonly cases: CaseRepository,
  ) {}

  /**
   * The case `item` is linked to (null when none), read once for the meeting to judge the item and
   * then carry its outcome. A case on a version this build lacks is refused (503) here, before the
   * meeting judges the item: its notices are counted from a day only the case's template can tell
   * (linked-case-plan-days.service.ts), so a refusal of the notices would be this build's guess,
   * and the meeting never records an outcome its case does not take.
   */
  async linkedCase(
    m: EntityManager,
    actor: Actor,
    item: AgendaItemRow,
  ): Promise<LinkedCase | null> {
    if (!item.caseId) return null;
    const row = await this.cases.find(scopeOf(actor), m, item.caseId);
    if (!row) throw new CaseNotFoundError(item.caseId);
    return { row, template: templateOfCase(row.id, row.templateId, row.templateVersion) };
  }

  /**
   * Sends `linked` (linkedCase's answer for `item`) the events its template wants for the item's
   * outcome. The events are sent at the version read (or `expectedCaseVersion`), so a case
   * changed since it was read refuses them and the meeting's record with them.
   */
  async carry(
    m: EntityManager,
    actor: Actor,
    linked: LinkedCase | null,
    record: MeetingRecord,
    item: AgendaItemRow,
    vote: MeetingVote,
    opts: { expectedCaseVersion?: number } = {},
  ): Promise<CarriedOutcome | null> {
    if (!linked) return null;
    const { row, template } = linked;
    if (!template.meetingEvents) return null;
    const plan = template.meetingEvents(meetingOutcome(record, item, vote), {
      stateKey: row.stateKey,
      context: (row.snapshot as { context?: unknown }).context,
    });
    if (!plan.ok)
      throw new GovernanceRuleError(
        plan.code,
        `The case ${row.reference} linked to "${item.title}" cannot take this meeting’s outcome (“${row.summary}”), so nothing was recorded: ${plan.explanation.join('; ')}.`,
        plan.explanation,
        {
          context: `the case ${row.reference} linked to "${item.title}" cannot take this meeting’s outcome (“${row.summary}”)`,
          ...(plan.source ? { source: plan.source } : {}),
        },
      );
    let version = opts.expectedCaseVersion ?? row.version;
    let stateKey = row.stateKey;
    for (const e of plan.events) {
      try {
        const r = await this.send.send(row.id, { type: e.type, payload: e.payload }, actor, {
          manager: m,
          expectedVersion: version,
          fromMeeting: true,
        });
        version = r.version;
        stateKey = r.stateKey;
      } catch (err) {
        if (err instanceof DomainError)
          throw linkedCaseRefusal(row, e.type, err, 'linked to this item');
        throw err;
      }
    }
    return { caseId: row.id, version, stateKey, events: plan.events.map((e) => e.type) };
  }
}

/**
 * The meeting's record of one item in the shape templates take (as noticesFor reads the notices):
 * the forward plan's day of an item linked to a case the published plan tells is the plan's
 * (linked-case-plan-days.service.ts), so the case is sent the day it already holds.
 */
export function meetingOutcome(
  record: MeetingRecord,
  item: AgendaItemRow,
  vote: MeetingVote,
): MeetingOutcome {
  const routes = item.noticeRoutes ?? {};
  return {
    meetingDate: record.meeting.meetingDate,
    body: { name: record.meeting.bodyName, kind: record.meeting.bodyKind },
    item: {
      title: item.title,
      keyDecision: item.keyDecision,
      forwardPlanPublishedOn: item.forwardPlanPublishedOn,
      reportPublishedOn: item.reportPublishedOn ?? record.meeting.agendaPublishedOn,
      lateItemSpecialCircumstances: routes.lateItemSpecialCircumstances ?? null,
      generalException: routes.generalException ?? null,
      specialUrgency: routes.specialUrgency ?? null,
      privateItem: item.part2Reasons
        ? {
            noticePublishedOn: item.privateNoticePublishedOn,
            reasons: item.part2Reasons,
            urgency: routes.privateUrgency ?? null,
          }
        : null,
    },
    members: record.members.map((x) => ({
      personId: x.personId,
      name: x.name,
      partner: x.partner ?? null,
    })),
    attendance: record.attendance.map((a) => ({
      personId: a.personId,
      name: a.name,
      status: a.status,
      ...(a.substituteFor ? { substituteFor: a.substituteFor } : {}),
    })),
    declarations: record.declarations
      .filter((d) => d.itemId === item.id)
      .map((d) => ({
        personId: d.personId,
        kind: d.kind,
        nature: d.details,
        dispensation: d.dispensation
          ? (d.dispensation as NonNullable<MeetingOutcome['declarations'][number]['dispensation']>)
          : null,
      })),
    hands: vote.hands,
    ...(vote.chairChoice ? { chairChoice: vote.chairChoice } : {}),
    ...(vote.decided ? { decided: vote.decided } : {}),
  };
}
