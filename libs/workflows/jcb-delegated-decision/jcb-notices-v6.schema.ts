import { z } from 'zod';
import { describeDay } from '../../governance/clear-days.service';
import { councilRules } from '../council-context.service';
import { WRITTEN_BY_THE_TEMPLATE } from '../workflow.template';
import type { JcbV6Context } from './jcb-delegated-decision-v6.machine';
import { noticeVerdicts, noticesFacts, type NoticesFacts } from './jcb-notices.schema';
import { isoDate, refused } from './jcb-payload-parts.schema';

/**
 * RECORD_NOTICES from version 6: version 1's notice rules (jcb-notices.schema.ts), with the forward
 * plan's day taken from the case, where the published plan recorded it (FORWARD_PLAN_PUBLISHED),
 * instead of typed; whether it is a key decision is the matter's, as described for the plan. The
 * edition and its day are written into the payload. A typed day or key-decision answer that
 * disagrees with the case is refused, naming its rule: the notice rules count from what the
 * council published, never from a date someone remembered.
 */

const caseContext = () => councilRules().caseContext as JcbV6Context | undefined;

const facts = noticesFacts.extend({
  keyDecision: z
    .boolean({ message: 'say whether it is a key decision (true or false)' })
    .optional(),
  forwardPlanPublishedOn: isoDate.nullable().optional(),
  forwardPlanEdition: z.string().nullable().optional().describe(WRITTEN_BY_THE_TEMPLATE),
});
type Facts = z.infer<typeof facts>;

type Refusal = { code: string; explanation: string[]; path: string[] };

/** What the case says against what was typed: the first disagreement, or none. */
function disagreement(p: Facts, c: JcbV6Context | undefined): Refusal | null {
  const matter = c?.matter ?? null;
  if (!matter)
    return {
      code: 'MATTER_NOT_DESCRIBED',
      explanation: [
        'the matter has not been described for the forward plan',
        'describe the matter first (whether it is a key decision, the documents, how to make representations): the notices are checked against the plan that lists it',
      ],
      path: [],
    };
  if (p.keyDecision !== undefined && p.keyDecision !== matter.keyDecision)
    return {
      code: 'KEY_DECISION_NOT_AS_DESCRIBED',
      explanation: [
        `the notices say it ${p.keyDecision ? 'is' : 'is not'} a key decision, but the matter was described as ${matter.keyDecision ? '' : 'not '}a key decision`,
        'leave the key decision answer out to take the matter’s, or describe the matter again first',
      ],
      path: ['keyDecision'],
    };
  const typed = p.forwardPlanPublishedOn ?? null;
  const plan = c?.forwardPlan ?? null;
  if (typed !== null && typed !== plan?.publishedOn)
    return {
      code: 'FORWARD_PLAN_DATE_NOT_AS_PUBLISHED',
      explanation: [
        plan
          ? `the date given for the forward plan, ${describeDay(typed)}, is not the date the council published the plan that first listed this matter: ${describeDay(plan.publishedOn)}`
          : `the date given for the forward plan, ${describeDay(typed)}, is not the date of any forward plan the council has published listing this matter: none has listed it yet`,
        'leave the forward plan date out: it is taken from the plan the council published',
      ],
      path: ['forwardPlanPublishedOn'],
    };
  return null;
}

/** The facts the notice rules judge: the matter's answer and the plan's day, as the case holds them. */
function fromTheCase(p: Facts, c: JcbV6Context | undefined): Facts & NoticesFacts {
  return {
    ...p,
    keyDecision: c?.matter?.keyDecision ?? p.keyDecision ?? true,
    forwardPlanPublishedOn: c?.forwardPlan?.publishedOn ?? null,
    forwardPlanEdition: c?.forwardPlan?.edition ?? null,
  };
}

export const noticesPayloadV6 = facts
  .superRefine((p, ctx) => {
    const c = caseContext();
    const wrong = disagreement(p, c);
    if (wrong) return refused(ctx, wrong.code, wrong.explanation, wrong.path);
    for (const v of noticeVerdicts(fromTheCase(p, c)).verdicts.filter((x) => !x.met))
      refused(ctx, v.code, v.explanation);
  })
  .overwrite((p) => {
    const resolved = fromTheCase(p, caseContext());
    return {
      ...resolved,
      verdicts: noticeVerdicts(resolved).verdicts.map((v) => ({
        code: v.code,
        met: v.met,
        explanation: v.explanation,
      })),
    };
  });
