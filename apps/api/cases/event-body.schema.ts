import { z } from 'zod';
import { zodProblems } from '../../../libs/core/zod-problems.service';
import { InvalidInputError } from '../../../libs/errors/domain.errors';

/** The body of POST /api/cases/:id/events. */
export const eventBody = z
  .object({
    type: z.string().min(1, 'give the event type, e.g. AGREE'),
    expectedVersion: z
      .number({ message: 'give expectedVersion, the case version you read' })
      .int()
      .positive(),
    as: z.string().optional(),
    payload: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type EventBody = z.infer<typeof eventBody>;

/**
 * The event's fields from its body as eventBody reads them, else InvalidInputError with its
 * problems. A body that is plainly one eventBody accepts is read without zod (plainEventBody):
 * zod was 2 % of the API process's CPU on every event (issue #21).
 */
export function readEventBody(body: unknown): EventBody {
  const plain = plainEventBody(body);
  if (plain !== undefined) return plain;
  const e = eventBody.safeParse(body);
  if (!e.success)
    throw new InvalidInputError(
      'The event is not valid: fix the fields listed in problems.',
      zodProblems(e.error),
    );
  return e.data;
}

const EVENT_KEYS = new Set(['type', 'expectedVersion', 'as', 'payload']);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/**
 * The fields eventBody gives, for a body it plainly accepts: an object of its keys only, a type
 * that is text, a version that is a positive safe integer, `as` text if given, a payload that is
 * a plain object without a `__proto__` key (zod's record leaves that key out) if given; the
 * payload copied, key for key, as zod's record copies it. Anything else is undefined, for
 * eventBody to judge, so that its verdict and its problems stand (event-body.schema.spec.ts).
 */
function plainEventBody(body: unknown): EventBody | undefined {
  if (!isPlainObject(body)) return undefined;
  for (const key of Object.keys(body)) if (!EVENT_KEYS.has(key)) return undefined;
  const { type, expectedVersion, as, payload } = body;
  if (typeof type !== 'string' || type.length === 0) return undefined;
  if (typeof expectedVersion !== 'number' || !Number.isSafeInteger(expectedVersion))
    return undefined;
  if (expectedVersion <= 0) return undefined;
  if (as !== undefined && typeof as !== 'string') return undefined;
  if (payload === undefined) return { type, expectedVersion, as, payload: {} };
  if (!isPlainObject(payload) || Object.hasOwn(payload, '__proto__')) return undefined;
  return { type, expectedVersion, as, payload: { ...payload } };
}
