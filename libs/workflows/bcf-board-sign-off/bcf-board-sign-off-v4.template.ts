import { onlyFromALaterMeeting } from '../later-meeting.rule';
import type { WorkflowTemplate } from '../workflow.template';
import {
  bcfBoardSignOffV4Machine,
  lastBoardMeeting,
  type BoardV4Context,
} from './bcf-board-sign-off-v4.machine';
import { bcfBoardSignOffV3 } from './bcf-board-sign-off-v3.template';

/**
 * Version 4 of the Better Care Fund plan signed off by the full board: version 3's steps, with a
 * meeting's show of hands on the arrangements or on the plan taken only from a meeting later than
 * the last meeting that took either (refused whole, MEETING_BEFORE_THE_LAST_ON_THE_MATTER, before
 * anything is recorded on the meeting or the case) (bcf-board-sign-off-v4.machine.ts).
 */

const v3 = bcfBoardSignOffV3;

export const bcfBoardSignOffV4: WorkflowTemplate = {
  ...v3,
  version: 4,
  title:
    'Better Care Fund plan, full board sign-off (arrangements and approval at the HWBB’s meetings, each after the last)',
  machine: bcfBoardSignOffV4Machine,
  meetingEvents: onlyFromALaterMeeting<BoardV4Context>(v3.meetingEvents!, lastBoardMeeting),
};
