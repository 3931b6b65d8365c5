import {
  endOfLondonDay,
  londonDate,
  londonTime,
  WorkingDayCalendar,
} from '../../governance/working-day-calendar.service';

/** A deadline or reminder row a pause suspended. */
export interface SuspendedDeadline {
  id: string;
  key: string;
  kind: string;
  dueAt: Date;
}

export interface MovedDeadline {
  id: string;
  key: string;
  kind: string;
  /** The London day it fell on, and the day it falls on now. */
  from: string;
  to: string;
  dueAt: Date;
}

/**
 * Where a pause moves a case's deadlines (ADR 0012): each by the working days the case was
 * paused, in the council's working-day calendar (weekends and England's bank holidays do not
 * count), so that a period counted in working days keeps exactly what it had left. The days paused
 * are those after the day of the pause up to and including the day of the resume: a pause
 * resumed the same day moves nothing, a pause from Friday to Monday moves every deadline by one.
 */
export class PausedDeadlines {
  constructor(private readonly calendar = new WorkingDayCalendar()) {}

  /** Working days paused between the two instants. */
  daysPaused(pausedAt: Date, resumedAt: Date): number {
    return this.calendar.workingDaysBetween(londonDate(pausedAt), londonDate(resumedAt));
  }

  move(rows: SuspendedDeadline[], days: number): MovedDeadline[] {
    return rows.map((r) => {
      // A deadline falls due as its last day ends in London; a reminder goes at 09:00 on its day.
      const from =
        r.kind === 'deadline' ? londonDate(new Date(r.dueAt.getTime() - 1)) : londonDate(r.dueAt);
      const to = days > 0 ? this.calendar.addWorkingDays(from, days) : from;
      const dueAt =
        days === 0 ? r.dueAt : r.kind === 'deadline' ? endOfLondonDay(to) : londonTime(to, 9);
      return { id: r.id, key: r.key, kind: r.kind, from, to, dueAt };
    });
  }
}
