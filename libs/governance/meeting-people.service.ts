import { describeDay } from './clear-days.service';
import { refuse, type Refusal } from './governance.errors';
import {
  checkAttendance,
  type AttendanceEntry,
  type AttendanceRefusalCode,
  type BodyMember,
} from './quorum.service';

/**
 * Who a meeting's record may name: the body's members (the memberships in force on the meeting
 * date) and, in the seat of a member who is away, a substitute allowed for that seat. Attendance,
 * declarations of interest and hands are checked against the body's seats as the directory holds
 * them, never against a list the sender supplies; a list of members the record carries must be
 * those seats. Pure: the caller reads the seats and the people from the directory. The meetings
 * API and the engine (for template events that carry a meeting's facts) both decide with it.
 */

/** A seat on the body on the meeting date. `substitutes` lists who may fill it (among the people named). */
export interface Seat extends BodyMember {
  /**
   * The partner the seat represents in the directory's words (its constituency's name, else its
   * organisation's), which the explanation says; without it, the partner's key.
   */
  partnerName?: string;
  /** Who may substitute for the seat, in words, for the explanation: "people of NHS Southampton City CCG". */
  substitutesAre?: string;
  /**
   * The body's substitution scheme, when only the substitutes it names may sit: its source (the
   * terms of reference) and the names of those it names for this seat on the date.
   */
  scheme?: { source: string; named: string[] };
}

/** The body on the meeting date, as the directory holds it. */
export interface BodyOnDate {
  /** The body's name, e.g. "Joint Commissioning Board". */
  name: string;
  /** The meeting date, YYYY-MM-DD. */
  date: string;
  seats: Seat[];
  /** The people of the council's directory among those the record names (unknown ids are absent). */
  people: { id: string; name: string }[];
}

/** What a meeting's record says about people: the members it lists (if any), attendance, declarations, hands. */
export interface MeetingPeopleClaim {
  meetingDate: string;
  members?: { personId: string; name: string; partner?: string | null }[];
  attendance: AttendanceEntry[];
  declarations: { personId: string }[];
  hands: { personId: string }[];
}

export type MeetingPeopleRefusalCode =
  | AttendanceRefusalCode
  | 'NAME_NOT_AS_IN_DIRECTORY'
  | 'MEMBERS_NOT_AS_IN_DIRECTORY'
  | 'DECLARATION_BY_NON_ATTENDEE'
  | 'VOTER_NOT_ATTENDING';

/** Every person id a claim names, once each: what the caller reads from the directory. */
export function personIdsNamedIn(claim: Omit<MeetingPeopleClaim, 'meetingDate'>): string[] {
  return [
    ...new Set([
      ...(claim.members ?? []).map((m) => m.personId),
      ...claim.attendance.flatMap((a) =>
        a.substituteFor ? [a.personId, a.substituteFor] : [a.personId],
      ),
      ...claim.declarations.map((d) => d.personId),
      ...claim.hands.map((h) => h.personId),
    ]),
  ];
}

/** Who may sit in the seat instead of its member, in words with their rule. */
function whoMaySubstitute(seat: Seat): string {
  if (seat.scheme)
    return seat.scheme.named.length === 0
      ? `the seat has no named substitute under the substitution scheme: ${seat.scheme.source}`
      : `only ${seat.scheme.named.join(', ')} may, named for the seat under the substitution scheme: ${seat.scheme.source}`;
  return seat.substitutesAre
    ? `only ${seat.substitutesAre} may`
    : 'they are not a nominated substitute for that seat';
}

export function checkMeetingPeople(
  body: BodyOnDate,
  claim: MeetingPeopleClaim,
): { ok: true } | Refusal<MeetingPeopleRefusalCode> {
  const on = `the ${body.name} on ${describeDay(body.date)}`;
  const personOf = new Map(body.people.map((p) => [p.id, p]));
  const seatOf = new Map(body.seats.map((s) => [s.personId, s]));
  /**
   * A person by their directory name; one the directory does not know is said to be so, never by
   * the id sent (a declaration and a hand carry no name, and an id is nobody's word for a person).
   */
  const named = (id: string) =>
    seatOf.get(id)?.name ??
    personOf.get(id)?.name ??
    'someone the council’s directory does not list';
  /** A seat's partner as the directory names it. */
  const sideOf = (s: Seat) => s.partnerName ?? s.partner;
  /** The partner a record gives: named as a seat representing it is, else as sent, said to be none. */
  const sentSide = (key: string | null | undefined) => {
    if (!key) return 'no partner';
    const holder = body.seats.find((x) => x.partner === key);
    if (holder) return sideOf(holder);
    return body.seats.some((x) => x.partnerName)
      ? `“${key}”, which no seat on ${on} represents`
      : key;
  };
  const seatsLine =
    body.seats.length === 0
      ? `nobody holds a seat on ${on}`
      : `the seats on ${on}: ${body.seats
          .map((s) => `${s.name}${s.partner ? ` (${sideOf(s)})` : ''}`)
          .join(', ')}`;

  for (const a of claim.attendance) {
    const person = personOf.get(a.personId);
    if (a.substituteFor === undefined) {
      if (!seatOf.has(a.personId))
        return refuse('NOT_A_MEMBER', [
          person
            ? `${person.name} is not a member of ${on}: record them as a substitute for a member, or not at all`
            : `${a.name}, as the attendance records them, is not a person in the council’s directory, so not a member of ${on}`,
          seatsLine,
        ]);
    } else {
      const seat = seatOf.get(a.substituteFor);
      if (!seat)
        return refuse('SUBSTITUTE_FOR_NON_MEMBER', [
          `${person?.name ?? a.name} is recorded as substitute for ${named(a.substituteFor)}, who is not a member of ${on}`,
          seatsLine,
        ]);
      if (!person)
        return refuse('SUBSTITUTE_NOT_IN_SCHEME', [
          `${a.name}, as the attendance records them, is not a person in the council’s directory, so may not substitute for ${seat.name} on ${on}`,
        ]);
      // A member in their own right is refused by checkAttendance (SUBSTITUTE_IS_A_MEMBER).
      if (!seatOf.has(a.personId) && seat.substitutes && !seat.substitutes.includes(a.personId))
        return refuse('SUBSTITUTE_NOT_IN_SCHEME', [
          `${person.name} may not substitute for ${seat.name} on ${on}: ${whoMaySubstitute(seat)}`,
        ]);
    }
    if (person && a.name.trim() !== person.name.trim())
      return refuse('NAME_NOT_AS_IN_DIRECTORY', [
        `the attendance records “${a.name}” for the person the council’s directory names ${person.name}: record them by that name`,
      ]);
  }
  // Duplicates, a seat filled twice, a substitute for a member who is present: the attendance rules.
  const checked = checkAttendance(
    body.seats,
    claim.attendance.map((a) => ({ ...a, name: personOf.get(a.personId)?.name ?? a.name })),
  );
  if (!checked.ok) return checked;

  const attending = new Set(claim.attendance.map((a) => a.personId));
  for (const d of claim.declarations)
    if (!attending.has(d.personId))
      return refuse('DECLARATION_BY_NON_ATTENDEE', [
        `${named(d.personId)} declared an interest but is not in the attendance of ${on}: only its members and their substitutes declare`,
      ]);
  for (const h of claim.hands)
    if (!attending.has(h.personId))
      return refuse('VOTER_NOT_ATTENDING', [
        `${named(h.personId)} showed a hand but is not in the attendance of ${on}: only its members and their substitutes show a hand`,
      ]);

  if (claim.members) {
    const lines: string[] = [];
    const listed = new Set<string>();
    for (const m of claim.members) {
      const seat = seatOf.get(m.personId);
      if (listed.has(m.personId)) lines.push(`${named(m.personId)} is listed twice`);
      else if (!seat)
        lines.push(`${named(m.personId)} is listed as a member but holds no seat on ${on}`);
      else {
        if (m.name.trim() !== seat.name.trim())
          lines.push(`${seat.name} is listed as “${m.name}”, not by their name in the directory`);
        if ((m.partner ?? null) !== (seat.partner ?? null))
          lines.push(
            `${seat.name}’s seat represents ${seat.partner ? sideOf(seat) : 'no partner'}, not ${sentSide(m.partner)}`,
          );
      }
      listed.add(m.personId);
    }
    for (const s of body.seats)
      if (!listed.has(s.personId)) lines.push(`${s.name} holds a seat on ${on} but is not listed`);
    if (lines.length > 0) return refuse('MEMBERS_NOT_AS_IN_DIRECTORY', [...lines, seatsLine]);
  }
  return { ok: true };
}
