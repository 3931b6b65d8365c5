import type { MinutesApprovalOfCase } from '../../../libs/meetings/minutes-cases.repository';
import { dayInWords } from './forms/words.service';
import { formAnchor } from './meeting-page.service';

/**
 * The way from a minutes case waiting for the member who presided to where they are named: the
 * form of the meeting that approved the minutes (one form per approval there, by the earlier
 * meeting), named in words by the meeting's title and day.
 */
export function presidingLink(approval: MinutesApprovalOfCase | undefined) {
  if (!approval) return null;
  return {
    href: `/meetings/${approval.meetingId}#${formAnchor('minutesSigner', approval.previousMeetingId)}`,
    meeting: approval.title,
    when: dayInWords(approval.meetingDate),
  };
}
