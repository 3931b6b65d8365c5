import { onlyFromALaterMeeting } from '../later-meeting.rule';
import type { WorkflowTemplate } from '../workflow.template';
import {
  bcfQuarterlyReportV4Machine,
  lastMeetingOnTheReport,
  type QuarterlyV4Context,
} from './bcf-quarterly-performance-report-v4.machine';
import { bcfQuarterlyPerformanceReportV3 } from './bcf-quarterly-performance-report-v3.template';

/**
 * Version 4 of the BCF performance report: version 3's steps, with the JCB's and the HWBB's
 * show of hands taken only from a meeting later than the last meeting, of either body, that took
 * the report (refused whole, MEETING_BEFORE_THE_LAST_ON_THE_MATTER, before anything is recorded on
 * the meeting or the case) (bcf-quarterly-performance-report-v4.machine.ts).
 */

const v3 = bcfQuarterlyPerformanceReportV3;

export const bcfQuarterlyPerformanceReportV4: WorkflowTemplate = {
  ...v3,
  version: 4,
  title:
    'Better Care Fund performance report (signed off at the JCB’s meeting, the year-end noted at the HWBB’s, each after the last)',
  machine: bcfQuarterlyReportV4Machine,
  meetingEvents: onlyFromALaterMeeting<QuarterlyV4Context>(
    v3.meetingEvents!,
    lastMeetingOnTheReport,
  ),
};
