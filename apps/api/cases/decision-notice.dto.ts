import { z } from 'zod';
import { schemaRef } from '../openapi/openapi-schemas';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const office = z.object({ name: z.string().nullable(), actingAs: z.string() });

/** The reg 12 Decision Notice as JSON (libs/workflows/jcb-delegated-decision/decision-notice.ts). */
export const decisionNoticeResponse = schemaRef(
  'DecisionNotice',
  z.object({
    caseId: z.uuid(),
    reference: z.string().describe('the case’s reference, e.g. SCC-2026-0042 (docs/adr/0038)'),
    title: z.string(),
    itemTitle: z.string(),
    decision: z.string(),
    decidedOn: day,
    reasons: z.string(),
    alternativesRejected: z.array(z.string()),
    amount: z.number().nullable().describe('pounds'),
    interests: z.array(
      z.object({
        name: z.string(),
        kind: z.string(),
        nature: z.string(),
        effect: z.array(z.string()),
      }),
    ),
    dispensations: z.array(
      z.object({ personId: z.uuid(), id: z.string(), grantor: z.string(), endsOn: day }),
    ),
    decisionMaker: office.extend({ authority: z.array(z.string()) }),
    properOfficer: office,
    signatures: z.object({
      decisionMaker: z.string().nullable(),
      properOfficer: z.string().nullable(),
    }),
    keyDecision: z.boolean(),
    meeting: z.object({
      date: z.string(),
      quorum: z.array(z.string()),
      showOfHands: z.array(z.string()),
    }),
    publishedOn: day.nullable(),
    callIn: z.object({ status: z.string(), explanation: z.array(z.string()) }),
    urgencyExemption: z
      .object({ agreedBy: z.string(), actingAs: z.string(), agreedOn: day, reason: z.string() })
      .nullable(),
    implementableFrom: day.nullable(),
    rulesVersion: z.string(),
  }),
);
