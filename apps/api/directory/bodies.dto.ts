import { z } from 'zod';
import { BODY_KINDS } from '../../../libs/directory/use-cases/body-record-rules.service';
import { MEMBERSHIP_ROLES } from '../../../libs/directory/use-cases/membership-rules.service';
import { bodyRulesSchema } from '../../../libs/governance/body-rules.schema';
import { delegationConditionSchema } from '../../../libs/governance/delegation-scheme.service';

/** OpenAPI response shapes of bodies, their seats and substitutes, and the scheme of delegation. */

const id = z.uuid();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const version = z.number().int().describe('send it back as expectedVersion to change the record');

export const bodyResponse = z.object({
  id,
  name: z.string(),
  kind: z.enum(BODY_KINDS),
  rules: bodyRulesSchema
    .nullable()
    .describe('null: none yet, so it holds no meetings here and does not delegate'),
  version,
});

export const membershipResponse = z.object({
  id,
  bodyId: id,
  personId: id,
  personName: z.string(),
  constituency: z.string().nullable().describe('the constituency of the body’s rules'),
  organisationId: id.nullable().describe('the organisation the seat represents'),
  role: z.enum(MEMBERSHIP_ROLES),
  voting: z.boolean(),
  validFrom: date.describe('the first day of the term'),
  validUntil: date.nullable().describe('the last day of the term; null: no end set'),
  source: z
    .string()
    .nullable()
    .describe(
      'the terms of reference, constitution or minute that appoints the seat; null: not named',
    ),
  version,
});

export const substituteResponse = z.object({
  id,
  membershipId: id.describe('the seat'),
  personId: id,
  personName: z.string(),
  validFrom: date,
  validUntil: date.nullable().describe('the last day named'),
  reference: z.string().describe('where the partners agreed it'),
  version,
});

export const bodyOnDayResponse = bodyResponse.extend({
  on: date.describe('the day the rules and members are for'),
  rules: bodyRulesSchema
    .nullable()
    .describe('the rules in force on that day; null: none in force that day'),
  rulesHistory: z
    .array(
      z.object({
        inForceFrom: date
          .nullable()
          .describe('the first day these rules apply; null: from when the body was set up'),
        rules: bodyRulesSchema.nullable(),
        reason: z.string().nullable().describe('why they changed, as the administrator gave it'),
        recordedAt: z.string().describe('when they were recorded (an instant, UTC)'),
        recordedBy: z
          .union([
            z.object({ kind: z.literal('person'), personId: id, name: z.string() }),
            z.object({ kind: z.literal('system'), tool: z.string() }),
          ])
          .describe('who recorded them: a person, or a tool acting for the council'),
      }),
    )
    .describe('every change of the body’s rules, the first rules first, then by day'),
  members: z
    .array(
      membershipResponse.extend({
        substitutes: z.array(substituteResponse).describe('named for the seat on that day'),
      }),
    )
    .describe('the seats in force on that day'),
});

export const delegationResponse = z.object({
  id,
  grantor: z.object({ kind: z.enum(['body', 'office']), id, name: z.string() }),
  delegateOfficeId: id,
  delegateOfficeTitle: z.string(),
  scope: z.string(),
  reference: z.string().describe('the minute or constitution reference that grants it'),
  amountLimit: z.number().nullable().describe('in pounds; null: no financial limit'),
  conditions: z.array(delegationConditionSchema),
  validFrom: date.describe('the first day in force'),
  validUntil: date.nullable().describe('the last day in force; null: until revoked'),
  revokedAt: z.string().nullable().describe('the instant the revocation took or takes effect'),
  revocationReference: z.string().nullable(),
  inForce: z.boolean().describe('in force now'),
  version,
});
