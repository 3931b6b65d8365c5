import type { AnyMachineSnapshot } from 'xstate';
import { ruleRefusalIn, zodProblems } from '../core/zod-problems.service';
import type { CaseDirectory } from '../directory/directory.repository';
import { DomainError, GovernanceRuleError, InvalidInputError } from '../errors/domain.errors';
import { withCouncilRules, type MeetingBody } from '../workflows/council-context.service';
import {
  DECIDED_AT_A_MEETING,
  DECIDED_AT_A_MEETING_EXPLANATION,
} from '../workflows/decided-at-a-meeting.rule';
import { eventWords } from '../workflows/template-words.registry';
import type { EventSpec, WorkflowTemplate } from '../workflows/workflow.template';
import type { CaseForSend } from './case.repository';
import type { IncomingEvent } from './incoming-event';

/**
 * An event read against its case's template before the machine sees it: an event of the template
 * (UNKNOWN_EVENT), marked as a meeting's only when it came from one, and its payload valid (a rule
 * the template applied to it refused as a governance rule, naming the rule).
 */
export function eventSpecOf(
  template: WorkflowTemplate,
  event: IncomingEvent,
  fromMeeting: boolean | undefined,
): EventSpec {
  // Own properties only: "toString" or "constructor" is not an event.
  const spec = Object.hasOwn(template.events, event.type) ? template.events[event.type] : undefined;
  if (!spec) {
    throw new DomainError(
      'UNKNOWN_EVENT',
      'No such event',
      `${JSON.stringify(event.type)} is not an event of ${template.id}; use one of ${Object.keys(template.events).join(', ')}.`,
    );
  }
  // A decision marked as the meeting's comes only from the meeting's show of hands.
  if (Object.hasOwn(event.payload ?? {}, 'fromMeeting') && !fromMeeting)
    throw new GovernanceRuleError(
      DECIDED_AT_A_MEETING,
      `The step “${eventWords(template, event.type).action}” is recorded from the meeting’s show of hands only: nothing was recorded.`,
      DECIDED_AT_A_MEETING_EXPLANATION,
      { problems: [{ path: 'fromMeeting', message: 'leave it out: only the meeting sets it' }] },
    );
  return spec;
}

/** What a payload's validation may read besides the payload. */
export interface PayloadSurroundings {
  row: Pick<CaseForSend, 'councilSettings'>;
  directory: CaseDirectory;
  snapshot: AnyMachineSnapshot;
  today: string;
  meetingBody: MeetingBody | undefined;
}

/** The event's payload as its spec parses it, or the refusal that says what to fix. */
export function parsedPayload(
  template: WorkflowTemplate,
  spec: EventSpec,
  event: IncomingEvent,
  { row, directory, snapshot, today, meetingBody }: PayloadSurroundings,
): Record<string, unknown> {
  // Templates that judge an event by the council's settings, by the terms of a delegation (a
  // financial limit, conditions) or by what the case has recorded read them from the context
  // their validation runs in. Building that context builds a bank-holiday calendar (about
  // 0.2 ms), so other templates parse without it (and would read the defaults).
  const parsed = template.usesCouncilSettings
    ? withCouncilRules(
        row.councilSettings ?? {},
        () => spec.payload.safeParse(event.payload),
        directory,
        snapshot.context,
        today,
        meetingBody,
      )
    : spec.payload.safeParse(event.payload);
  if (parsed.success) return parsed.data;
  // A rule the template applied to the payload is a governance refusal, named as such.
  const rule = ruleRefusalIn(parsed.error);
  if (rule)
    throw new GovernanceRuleError(
      rule.rule,
      `This cannot be recorded: ${rule.explanation[0] ?? rule.rule}. Nothing was recorded.`,
      rule.explanation,
      { problems: zodProblems(parsed.error) },
    );
  throw new InvalidInputError(
    `The details sent for the step “${eventWords(template, event.type).action}” are not valid: fix the fields listed in problems.`,
    zodProblems(parsed.error),
  );
}
