import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';
import { eventWords } from '../../../libs/workflows/template-words.registry';
import { whenInWords } from './forms/words.service';
import { changedFirstSentence } from '../../../libs/errors/changed-first.errors';

/**
 * What became of a case form sent at a version the case has since left (VERSION_CONFLICT): sent
 * twice (a second click before the answer came, the back button, a second tab), or overtaken by
 * another step. Read from the case's audit trail, whose link for an event has seq = the version it
 * made (send-event.use-case.ts), so the steps since the form was read are the links after it.
 */

/** The part of an audit link this reads. */
export interface ResentTrailLink {
  seq: number;
  recordedAt: string;
  actor: unknown;
  event: unknown;
}

interface Recorded {
  type?: unknown;
  [field: string]: unknown;
}

const blank = (v: unknown) => v === undefined || v === null || v === '';

/**
 * The step `type` recorded since `version` by `personId` with every field as `payload` has it: the
 * same form sent again, recorded once. Null when nothing since matches.
 */
export function sameStepSince(
  trail: ResentTrailLink[],
  version: number,
  type: string,
  personId: string,
  payload: Record<string, unknown>,
): ResentTrailLink | null {
  return (
    trail.find((l) => {
      const e = l.event as Recorded | null;
      const actor = l.actor as { personId?: unknown } | null;
      return (
        l.seq > version &&
        e?.type === type &&
        actor?.personId === personId &&
        Object.entries(payload).every(([k, v]) =>
          blank(v) ? blank(e[k]) : JSON.stringify(v) === JSON.stringify(e[k]),
        )
      );
    }) ?? null
  );
}

/** Who recorded a link, in a sentence: "you", the person's name, or the system. */
function byWhom(link: ResentTrailLink, personId: string): string {
  const actor = link.actor as { kind?: unknown; personId?: unknown; name?: unknown } | null;
  if (actor?.personId === personId) return 'you';
  return typeof actor?.name === 'string' ? actor.name : 'the system';
}

/** A step of the trail in the template's words: "The plan’s submission was recorded". */
function stepWords(template: WorkflowTemplate, link: ResentTrailLink): string {
  const type = (link.event as Recorded | null)?.type;
  return typeof type === 'string' && template.events[type]
    ? eventWords(template, type).done
    : 'The case was changed';
}

/**
 * The banner for a form that was sent again: the step as recorded once, when and by whom. Null
 * when the trail holds no such step (a made-up address).
 */
export function sentAgainWords(
  template: WorkflowTemplate,
  trail: ResentTrailLink[],
  type: string,
  personId: string,
): string | null {
  const link = [...trail].reverse().find((l) => (l.event as Recorded | null)?.type === type);
  if (!link || !template.events[type]) return null;
  return `${stepWords(template, link)} on ${whenInWords(link.recordedAt)} by ${byWhom(link, personId)}. The form was sent again; it was recorded once.`;
}

/**
 * The refusal of a form the case moved on from before it came: what changed (the newest step since
 * the form was read, when and by whom), that nothing was recorded, and what to do next.
 */
export function overtakenWords(
  template: WorkflowTemplate,
  trail: ResentTrailLink[],
  version: number,
  personId: string,
  stillOffered: boolean,
): string {
  const since = trail.filter((l) => l.seq > version);
  const newest = since[since.length - 1];
  const what = newest
    ? `${stepWords(template, newest).replace(/^./, (c) => c.toLowerCase())} on ${whenInWords(newest.recordedAt)} by ${byWhom(newest, personId)}`
    : undefined;
  // The one sentence of a version conflict (changed-first.errors.ts), with what changed and, as
  // what to do, whether the form can be sent again.
  return changedFirstSentence('this case', {
    since: what,
    next: stillOffered
      ? 'check it as it is now; what you typed is below, so send it again if it is still right'
      : 'check it as it is now; this step can no longer be recorded at the case’s stage',
  });
}
