import { z } from 'zod';
import { JCB_QUORUM, type QuorumRule } from '../../governance/quorum.service';
import type { LineWording } from '../../governance/governance.errors';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { councilRules } from '../council-context.service';
import { WRITTEN_BY_THE_TEMPLATE, type WorkflowTemplate } from '../workflow.template';
import { jcbDelegatedDecisionV3 } from './jcb-delegated-decision-v3.template';
import type { JcbV3Context } from './jcb-delegated-decision-v3.machine';
import { cabinetMembersAgreeing } from './jcb-cabinet-agreement.service';
import { decisionFields } from './jcb-decision.schema';
import { delegationCheck } from './jcb-delegation.service';
import { personId, refused } from './jcb-payload-parts.schema';
import { jcbMeetingPayloads } from './jcb-meeting-payloads.service';

/**
 * Version 4 of the JCB delegated decision: version 3's machine and steps, with the Board's
 * partners as the council's directory holds them. Clinical Commissioning Groups were abolished on
 * 1 July 2022 and Integrated Care Boards took over their seats on joint boards; versions 1 to 3
 * take only the seed's two partners, council and CCG, so a Board whose NHS seats represent the ICB
 * could not record its meeting. Here:
 *
 * - a seat's partner is the constituency its membership represents in the directory (the engine
 *   checks the members a payload lists against the Board's seats on the meeting date), whatever
 *   the council calls it: `icb` for a Board since 2022, `ccg` for one not yet changed;
 * - the quorum is ToR 8.1 for those partners: at least 4 members present, at least 2 from each
 *   partner with a seat; consensus is each partner's assent (ToR 8.1-8.3);
 * - the NHS decision maker acts as a member for the Integrated Care Board (`icbMember`); a decision
 *   taken as a CCG member is refused, saying why.
 */

const v3 = jcbDelegatedDecisionV3;

const isoDate = calendarDate('use a calendar date such as 2025-09-04', 'not a real date');
/** Partners in words for the quorum's explanation; a key the council made up is shown as it is. */
const PARTNER_WORDS: Record<string, string> = {
  council: 'council',
  icb: 'ICB',
  ccg: 'CCG',
  nhsTrust: 'NHS trust',
  healthwatch: 'Healthwatch',
  nhsRegion: 'NHS England region',
  voluntarySector: 'voluntary sector',
};

const partnersOf = (members: { partner: string }[]) => [...new Set(members.map((m) => m.partner))];

/** ToR 8.1 for the partners the Board's seats represent: 4 present, 2 from each partner. */
function quorumOf(members: { partner: string }[]): QuorumRule {
  return {
    body: 'Joint Commissioning Board',
    source: `${JCB_QUORUM.source}, for the partners the Board's seats represent in the directory`,
    total: JCB_QUORUM.total,
    minimums: partnersOf(members).map((p) => ({
      category: p,
      min: 2,
      label: `${PARTNER_WORDS[p] ?? p} members`,
    })),
  };
}

const MEETING = jcbMeetingPayloads({
  partner: z
    .string()
    .trim()
    .regex(
      /^[a-z][A-Za-z0-9_-]{0,39}$/,
      'partner is the key of the partner the seat represents in the directory, e.g. council or icb',
    ),
  quorum: quorumOf,
  blocs: partnersOf,
});

/** A decision taken as a CCG member, refused: versions 4 to 9 as their traces recorded it. */
export const CCG_SEAT_RECORDED =
  'CCGs were abolished on 1 July 2022: an NHS member of the Board decides as a member for the Integrated Care Board (icbMember)';
/** The seat missing or not one of the two, in words (no trace recorded this line: it may say so). */
const ACTING_AS_ICB =
  'choose whether the decision maker acts as a Cabinet member or as a member for the Integrated Care Board';
/** The seat the decision maker acts in, a CCG seat refused with `ccgSeat`. */
const actingAsRefusing = (ccgSeat: string) =>
  z.enum(['cabinetMember', 'icbMember'], {
    error: (issue) => (issue.input === 'ccgMember' ? ccgSeat : ACTING_AS_ICB),
  });
type ActingAs = 'cabinetMember' | 'icbMember';

/**
 * The decision checked against the delegation that fills the decision maker's role, as the
 * directory stores it (versions 1 to 3's check); outside a case, the seed's terms for the seat.
 */
const check = (
  p: {
    decidedOn: string;
    amount?: number | null;
    actingAs: ActingAs;
    cabinetMembersAgreeing: string[];
  },
  wording: LineWording,
) =>
  delegationCheck(
    {
      ...p,
      actingAs: p.actingAs === 'icbMember' ? 'ccgMember' : 'cabinetMember',
    },
    wording,
  );

/**
 * The decision and its draft, their delegation check's lines in the version's wording (versions 4
 * to 8 as they recorded them; version 9 on, people's), a CCG seat refused with `ccgSeat`
 * (versions 4 to 9: the line their traces hold).
 */
export function decisionPayloadsIn(wording: LineWording, ccgSeat = CCG_SEAT_RECORDED) {
  const actingAs = actingAsRefusing(ccgSeat);
  const decisionPayload = z
    .object({
      decidedOn: isoDate,
      ...decisionFields(actingAs),
      cabinetMembersAgreeing: z.array(personId).max(10).default([]),
      delegationCheck: z.array(z.string()).optional().describe(WRITTEN_BY_THE_TEMPLATE),
    })
    .strict()
    .superRefine((p, ctx) => {
      const c = check(p, wording);
      if (!c.ok) refused(ctx, c.code, c.explanation, ['amount']);
    })
    .overwrite((p) => ({ ...p, delegationCheck: check(p, wording).explanation }));

  const draftPayload = z
    .object({
      ...decisionFields(actingAs),
      cabinetMembersAgreeing: z.array(z.string()).optional().describe(WRITTEN_BY_THE_TEMPLATE),
      delegationCheck: z.array(z.string()).optional().describe(WRITTEN_BY_THE_TEMPLATE),
    })
    .strict()
    .overwrite((p) => ({
      ...p,
      cabinetMembersAgreeing: cabinetMembersAgreeing(
        councilRules().caseContext as JcbV3Context | undefined,
      ),
    }))
    .superRefine((p, ctx) => {
      const c = check(
        {
          ...p,
          decidedOn: councilRules().today ?? '9999-12-31',
          cabinetMembersAgreeing: p.cabinetMembersAgreeing ?? [],
        },
        wording,
      );
      if (!c.ok) refused(ctx, c.code, c.explanation, ['amount']);
    })
    .overwrite((p) => ({
      ...p,
      delegationCheck: check(
        {
          ...p,
          decidedOn: councilRules().today ?? '9999-12-31',
          cabinetMembersAgreeing: p.cabinetMembersAgreeing ?? [],
        },
        wording,
      ).explanation,
    }));
  return { decisionPayload, draftPayload };
}

const { decisionPayload, draftPayload } = decisionPayloadsIn('recorded');

export const jcbDelegatedDecisionV4: WorkflowTemplate = {
  ...v3,
  version: 4,
  events: {
    ...v3.events,
    RECORD_ATTENDANCE: {
      ...v3.events.RECORD_ATTENDANCE,
      payload: MEETING.attendancePayload,
      description:
        'Record the members (with the partner each seat represents in the directory), who is present, apologies and substitutes, and the declarations of interest; refused when the Board is not quorate (4 present, 2 from each partner).',
    },
    RECORD_SHOW_OF_HANDS: {
      ...v3.events.RECORD_SHOW_OF_HANDS,
      payload: MEETING.handsPayload,
      description:
        'Record each eligible member’s hand (for, against, abstain) for the same attendance; consensus is each partner’s assent; without it, the Chair’s choice to defer or refer back.',
    },
    RECORD_DECISION: { ...v3.events.RECORD_DECISION, payload: decisionPayload },
    DRAFT_DECISION: { ...v3.events.DRAFT_DECISION, payload: draftPayload },
  },
  requestDetails(request, context) {
    return (v3.requestDetails?.(request, context) ?? []).map((line) =>
      line.label === 'Taken as' && line.value === 'a CCG member'
        ? { ...line, value: 'a member for the Integrated Care Board' }
        : line,
    );
  },
};
