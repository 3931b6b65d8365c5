import { z } from 'zod';
import { decideShowOfHands } from '../../governance/consensus.service';
import { eligibility, excludedFromQuorum } from '../../governance/interests.service';
import { assessQuorum, type QuorumRule, type RollEntry } from '../../governance/quorum.service';
import { councilRules } from '../council-context.service';
import { isoDate, JCB_ITEM_ID, personId, refused, text } from './jcb-payload-parts.schema';

/**
 * The JCB's meeting payloads (RECORD_ATTENDANCE, RECORD_SHOW_OF_HANDS) for the partners a version
 * knows: the attendance with its declarations and dispensations, the quorum (ToR 8.1) and the show
 * of hands with its consensus of each partner (ToR 8.1-8.3). Versions 1 to 3 take the seed's two
 * partners, council and CCG, with the seed's quorum rule; version 4 the partners the Board's seats
 * represent in the council's directory. A refusal is a validation issue whose message starts with
 * the rule's stable code ("INQUORATE: …"); what the rules compute is written into the payload.
 */

/** The partners of a version: a seat's partner as a payload names it, the quorum, the blocs. */
export interface JcbPartners {
  partner: z.ZodType<string>;
  /** The quorum rule for a Board of these members. */
  quorum(members: { partner: string }[]): QuorumRule;
  /** The partners that must each assent for consensus. */
  blocs(members: { partner: string }[]): string[];
}

export function jcbMeetingPayloads(partners: JcbPartners) {
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
    | { ok: false; code: string; explanation: string[] };

  /** Attendance checked, interests applied, quorum assessed under JCB_QUORUM. */
  function assessMeeting(f: MeetingFacts): MeetingAssessment {
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
        explanation: [`${unknown.personId} declared an interest but is not in the attendance`],
      };
    const excluded = excludedFromQuorum(
      people,
      item,
      declarations,
      f.dispensations,
      f.meetingDate,
      councilRules().interests,
    );
    const q = assessQuorum(partners.quorum(f.members), members, f.attendance, excluded);
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

  const attendancePayload = z
    .object({
      meeting: meetingFacts,
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
      const a = assessMeeting(p.meeting);
      if (!a.ok) return refused(ctx, a.code, a.explanation, ['meeting', 'attendance']);
      if (!a.quorate) refused(ctx, 'INQUORATE', a.explanation, ['meeting', 'attendance']);
    })
    .overwrite((p) => {
      const a = assessMeeting(p.meeting);
      if (!a.ok) return p;
      return {
        ...p,
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
    hands: z.infer<typeof hand>[];
    chairChoice?: { outcome: 'deferred' | 'referredBack'; consultedThosePresent: boolean };
  };

  function showOfHands(p: HandsPayload) {
    const a = assessMeeting(p.meeting);
    if (!a.ok) return a;
    return decideShowOfHands({
      quorum: { quorate: a.quorate, roll: a.roll },
      partners: partners.blocs(p.meeting.members),
      hands: p.hands,
      chairChoice: p.chairChoice,
    });
  }

  const handsPayload = z
    .object({
      meeting: meetingFacts,
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
      const r = showOfHands(p);
      if (!r.ok) return refused(ctx, r.code, r.explanation, ['hands']);
      if (r.outcome === 'inquorate') refused(ctx, 'INQUORATE', r.explanation, ['hands']);
    })
    .overwrite((p) => {
      const r = showOfHands(p);
      if (!r.ok || r.outcome === 'inquorate') return p;
      return { ...p, outcome: r.outcome, tally: r.tally, explanation: r.explanation };
    });
  return { meetingFacts, assessMeeting, attendancePayload, handsPayload };
}
