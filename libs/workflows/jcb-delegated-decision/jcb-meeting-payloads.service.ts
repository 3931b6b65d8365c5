import { z } from 'zod';
import { decideShowOfHands } from '../../governance/consensus.service';
import { eligibility, excludedFromQuorum } from '../../governance/interests.service';
import { assessQuorum, type QuorumRule, type RollEntry } from '../../governance/quorum.service';
import type { LineWording } from '../../governance/governance.errors';
import { councilRules } from '../council-context.service';
import { isoDate, JCB_ITEM_ID, personId, refused, text } from './jcb-payload-parts.schema';

/**
 * The JCB's meeting payloads (RECORD_ATTENDANCE, RECORD_SHOW_OF_HANDS) for the partners a version
 * knows: the attendance with its declarations and dispensations, the quorum (ToR 8.1) and the show
 * of hands with its consensus of each partner (ToR 8.1-8.3). Versions 1 to 3 take the seed's two
 * partners, council and CCG, with the seed's quorum rule; version 4 the partners the Board's seats
 * represent in the council's directory; version 5 the Board's own rules (`boardRules`: quorum and
 * consensus blocs as the council's directory holds them), written into each payload; version 10
 * the partners' names its show of hands says (`partnerNames`), written into that payload. A refusal
 * is a validation issue whose message starts with the rule's stable code ("INQUORATE: …"); what
 * the rules compute is written into the payload.
 */

/** The partners of a version: a seat's partner as a payload names it, the quorum, the blocs. */
export interface JcbPartners<R = never> {
  partner: z.ZodType<string>;
  /** The quorum rule for a Board of these members (under the Board's rules, when a version has them). */
  quorum(members: { partner: string }[], rules?: R): QuorumRule;
  /** The partners that must each assent for consensus. */
  blocs(members: { partner: string }[], rules?: R): string[];
  /**
   * Version 5: the Board's rules each meeting payload carries (`boardRules`), resolved before the
   * meeting is assessed (the payload's, checked against the directory's; else the directory's) and
   * written back into the payload, so that what was applied is recorded with the event.
   */
  boardRules?: {
    schema: z.ZodType<R>;
    resolve(given: R | undefined): { ok: true; rules: R } | Refused;
  };
  /** The words of its own refusal lines: versions 1 to 8 as they recorded them (the default). */
  wording?: LineWording;
  /**
   * Version 10: the partners' names its show of hands says ("Integrated Care Board: 2 of 3 for"),
   * where versions 1 to 9 say their keys. Resolved like the Board's rules (the payload's, checked
   * against the directory's; else the directory's) for the partners it speaks of, and written back
   * into the payload (`partnerNames`): the record keeps the names of the day, whatever the
   * directory says later.
   */
  partnerNames?: {
    resolve(given: Record<string, string> | undefined, needed: PartnerNeeded[]): NamesResolved;
  };
}

/** A partner a show of hands speaks of: a listed member's side (the first member listed for it), or a bloc. */
export interface PartnerNeeded {
  key: string;
  member?: string;
}

export type NamesResolved = { ok: true; names: Record<string, string> } | Refused;

type Refused = { ok: false; code: string; explanation: string[] };

export function jcbMeetingPayloads<R = never>(partners: JcbPartners<R>) {
  // ---- the meeting: attendance, declarations, quorum (ToR 7.1, 8.1, 11.1) ----

  const meetingFacts = z
    .object({
      meetingDate: isoDate,
      members: z
        .array(
          z
            .object({
              personId,
              name: text('member name'),
              partner: partners.partner,
              cabinetMember: z.boolean().default(false),
            })
            .strict(),
        )
        .min(1, 'list the Board’s members')
        .max(50),
      attendance: z
        .array(
          z
            .object({
              personId,
              name: text('name'),
              status: z.enum(['present', 'apologies', 'absent'], {
                message: 'status must be present, apologies or absent',
              }),
              substituteFor: personId.optional(),
            })
            .strict(),
        )
        .max(100),
      declarations: z
        .array(
          z
            .object({
              personId,
              kind: z.enum(['disclosablePecuniary', 'other'], {
                message: 'kind must be disclosablePecuniary or other',
              }),
              nature: text('nature of the interest'),
            })
            .strict(),
        )
        .max(100)
        .default([]),
      dispensations: z
        .array(
          z
            .object({
              id: text('dispensation id'),
              personId,
              grantor: text('grantor'),
              ground: z.enum([
                'impedesTransactionOfBusiness',
                'politicalBalance',
                'inhabitantsInterests',
                'wholeExecutiveProhibited',
                'otherwiseAppropriate',
              ]),
              matters: z.array(text('matter')).min(1),
              relievesFrom: z.array(z.enum(['discussion', 'vote'])).min(1),
              grantedOn: isoDate,
              endsOn: isoDate,
            })
            .strict(),
        )
        .max(100)
        .default([]),
    })
    .strict();

  type MeetingFacts = z.infer<typeof meetingFacts>;

  type MeetingAssessment =
    | {
        ok: true;
        quorate: boolean;
        explanation: string[];
        roll: RollEntry[];
        excluded: string[];
        interests: {
          personId: string;
          name: string;
          kind: string;
          nature: string;
          effect: string[];
        }[];
      }
    | Refused;

  /** Attendance checked, interests applied, quorum assessed under the version's quorum rule. */
  function assessMeeting(f: MeetingFacts, rules?: R): MeetingAssessment {
    const members = f.members.map((m) => ({
      personId: m.personId,
      name: m.name,
      categories: m.cabinetMember ? ['cabinet'] : [],
      partner: m.partner,
    }));
    const item = { id: JCB_ITEM_ID, title: 'this item' };
    const people = f.attendance.map((a) => ({ personId: a.personId, name: a.name }));
    const nameOf = (id: string) =>
      people.find((p) => p.personId === id)?.name ??
      f.members.find((m) => m.personId === id)?.name ??
      id;
    const declarations = f.declarations.map((d) => ({ ...d, itemId: JCB_ITEM_ID }));
    const unknown = f.declarations.find((d) => !people.some((p) => p.personId === d.personId));
    if (unknown)
      return {
        ok: false,
        code: 'DECLARATION_BY_NON_ATTENDEE',
        explanation:
          partners.wording === 'people'
            ? [
                // A member by name; anyone else only as not among them (an id is nobody's word).
                `${f.members.find((m) => m.personId === unknown.personId)?.name ?? 'someone who is not among the members listed'} declared an interest (“${unknown.nature}”) but is not in the attendance: only those attending declare an interest at the meeting; add them to the attendance, or remove the declaration`,
              ]
            : [`${unknown.personId} declared an interest but is not in the attendance`],
      };
    const excluded = excludedFromQuorum(
      people,
      item,
      declarations,
      f.dispensations,
      f.meetingDate,
      councilRules().interests,
    );
    const q = assessQuorum(partners.quorum(f.members, rules), members, f.attendance, excluded);
    if (!q.ok) return q;
    const interests = f.declarations.map((d) => ({
      personId: d.personId,
      name: nameOf(d.personId),
      kind: d.kind,
      nature: d.nature,
      effect: eligibility(
        { personId: d.personId, name: nameOf(d.personId) },
        item,
        declarations,
        f.dispensations,
        f.meetingDate,
        councilRules().interests,
      ).explanation,
    }));
    return {
      ok: true,
      quorate: q.quorate,
      explanation: q.explanation,
      roll: q.roll,
      excluded,
      interests,
    };
  }

  /** The Board's rules a payload applies (version 5), or none (versions 1 to 4: the version's own). */
  const rulesPart = partners.boardRules
    ? { boardRules: partners.boardRules.schema.optional() }
    : {};
  const rulesOf = (p: { boardRules?: R }): { ok: true; rules?: R } | Refused =>
    partners.boardRules ? partners.boardRules.resolve(p.boardRules) : { ok: true };
  const rulesWritten = (r: { ok: true; rules?: R } | Refused) =>
    r.ok && partners.boardRules ? { boardRules: r.rules } : {};

  const attendancePayload = z
    .object({
      meeting: meetingFacts,
      ...rulesPart,
      /** Written by the template: the quorum verdict, who is excluded, what each interest means. */
      quorum: z.object({ quorate: z.boolean(), explanation: z.array(z.string()) }).optional(),
      excludedPersonIds: z.array(z.string()).optional(),
      interests: z
        .array(
          z.object({
            personId: z.string(),
            name: z.string(),
            kind: z.string(),
            nature: z.string(),
            effect: z.array(z.string()),
          }),
        )
        .optional(),
    })
    .strict()
    .superRefine((p, ctx) => {
      const r = rulesOf(p as { boardRules?: R });
      if (!r.ok) return refused(ctx, r.code, r.explanation, ['boardRules']);
      const a = assessMeeting(p.meeting, r.rules);
      if (!a.ok) return refused(ctx, a.code, a.explanation, ['meeting', 'attendance']);
      if (!a.quorate) refused(ctx, 'INQUORATE', a.explanation, ['meeting', 'attendance']);
    })
    .overwrite((p) => {
      const r = rulesOf(p as { boardRules?: R });
      const a = assessMeeting(p.meeting, r.ok ? r.rules : undefined);
      if (!r.ok || !a.ok) return p;
      return {
        ...p,
        ...rulesWritten(r),
        quorum: { quorate: a.quorate, explanation: a.explanation },
        excludedPersonIds: a.excluded,
        interests: a.interests,
      };
    });

  // ---- the show of hands (ToR 8.1-8.3) ----

  const hand = z
    .object({
      personId,
      hand: z.enum(['for', 'against', 'abstain'], {
        message: 'hand must be for, against or abstain',
      }),
    })
    .strict();

  type HandsPayload = {
    meeting: MeetingFacts;
    boardRules?: R;
    partnerNames?: Record<string, string>;
    hands: z.infer<typeof hand>[];
    chairChoice?: { outcome: 'deferred' | 'referredBack'; consultedThosePresent: boolean };
  };

  /** The names of the partners the show of hands speaks of (version 10), or none (versions 1 to 9: keys). */
  function namesOf(p: HandsPayload, rules?: R): NamesResolved | { ok: true; names?: undefined } {
    if (!partners.partnerNames) return { ok: true };
    const needed: PartnerNeeded[] = [];
    for (const m of p.meeting.members)
      if (!needed.some((n) => n.key === m.partner)) needed.push({ key: m.partner, member: m.name });
    for (const b of partners.blocs(p.meeting.members, rules))
      if (!needed.some((n) => n.key === b)) needed.push({ key: b });
    return partners.partnerNames.resolve(p.partnerNames, needed);
  }

  function showOfHands(p: HandsPayload) {
    const r = rulesOf(p);
    if (!r.ok) return r;
    const a = assessMeeting(p.meeting, r.rules);
    if (!a.ok) return a;
    const n = namesOf(p, r.rules);
    if (!n.ok) return n;
    return decideShowOfHands({
      quorum: { quorate: a.quorate, roll: a.roll },
      partners: partners.blocs(p.meeting.members, r.rules),
      partnerNames: n.names,
      hands: p.hands,
      chairChoice: p.chairChoice,
    });
  }

  /** Version 10's names, given or the directory's, as a payload may send them and records them. */
  const namesPart = partners.partnerNames
    ? {
        partnerNames: z
          .record(
            z.string().max(40),
            z
              .string()
              .trim()
              .min(1, 'give each partner’s name')
              .max(200, 'keep each partner’s name under 200 characters'),
          )
          .optional(),
      }
    : {};
  const namesWritten = (p: HandsPayload, rules?: R) => {
    const n = namesOf(p, rules);
    return n.ok && n.names ? { partnerNames: n.names } : {};
  };

  const handsPayload = z
    .object({
      meeting: meetingFacts,
      ...rulesPart,
      ...namesPart,
      hands: z.array(hand).max(100),
      chairChoice: z
        .object({
          outcome: z.enum(['deferred', 'referredBack'], {
            message: 'the Chair’s choice is deferred or referredBack',
          }),
          consultedThosePresent: z.boolean(),
        })
        .strict()
        .optional(),
      /** Written by the template: the outcome and its explanation. */
      outcome: z.enum(['consensus', 'noConsensusDeferred', 'noConsensusReferredBack']).optional(),
      tally: z.object({ for: z.number(), against: z.number(), abstain: z.number() }).optional(),
      explanation: z.array(z.string()).optional(),
    })
    .strict()
    .superRefine((p, ctx) => {
      const rules = rulesOf(p as HandsPayload);
      if (!rules.ok) return refused(ctx, rules.code, rules.explanation, ['boardRules']);
      // Names are asked for once the meeting itself stands (its own refusals come first).
      if (partners.partnerNames && assessMeeting(p.meeting, rules.rules).ok) {
        const names = namesOf(p as HandsPayload, rules.rules);
        if (!names.ok) return refused(ctx, names.code, names.explanation, ['partnerNames']);
      }
      const r = showOfHands(p as HandsPayload);
      if (!r.ok) return refused(ctx, r.code, r.explanation, ['hands']);
      if (r.outcome === 'inquorate') refused(ctx, 'INQUORATE', r.explanation, ['hands']);
    })
    .overwrite((p) => {
      const r = showOfHands(p as HandsPayload);
      if (!r.ok || r.outcome === 'inquorate') return p;
      const rules = rulesOf(p as HandsPayload);
      return {
        ...p,
        ...rulesWritten(rules),
        ...namesWritten(p as HandsPayload, rules.ok ? rules.rules : undefined),
        outcome: r.outcome,
        tally: r.tally,
        explanation: r.explanation,
      };
    });
  return { meetingFacts, assessMeeting, attendancePayload, handsPayload };
}
