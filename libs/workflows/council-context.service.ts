import { AsyncLocalStorage } from 'node:async_hooks';
import type { CaseDirectory } from '../directory/directory.repository';
import type { BodyRules } from '../governance/body-rules.schema';
import { ruleSettings } from '../governance/council-settings.service';

type RuleSettings = ReturnType<typeof ruleSettings> & {
  /** The case's directory (role bindings, delegations with their terms) while an event is validated. */
  directory?: CaseDirectory;
  /**
   * The case's machine context before the event (read only), for rules that depend on what the
   * case has recorded, e.g. that a decision exempted from call-in as urgent cannot be called in.
   */
  caseContext?: unknown;
  /** The London date of the event being validated, from the engine's clock. */
  today?: string;
  /**
   * The body whose meeting the event records, as the engine read it from the directory for the
   * meeting date (libs/engine/meeting-people.check.ts): its name and rules. Absent outside the
   * engine (recorded traces), where a template takes the rules its payload carries.
   */
  meetingBody?: MeetingBody;
};

/** A body as the engine read it for a meeting event: its name and its rules (null: none stored). */
export interface MeetingBody {
  name: string;
  rules: BodyRules | null;
  /**
   * Each partner's name by its key on the meeting date: a seat's side (its constituency's name,
   * else its organisation's) and every constituency of the body's rules. A version that records
   * the names (JCB version 10) writes them into its payload, so a later edit changes no record.
   */
  partnerNames: Record<string, string>;
}

const DEFAULTS: RuleSettings = ruleSettings({});

/**
 * Built rules by settings value: building a council's calendar (its bank holidays) costs about
 * 0.2 ms, once per event otherwise (docs/benchmarks.md). A council changing its settings gets a
 * new value and so new rules; the map is bounded so that old values fall out.
 */
const BUILT = new Map<string, ReturnType<typeof ruleSettings>>();
function rulesFor(settings: unknown): ReturnType<typeof ruleSettings> {
  const key = JSON.stringify(settings ?? {});
  let rules = BUILT.get(key);
  if (!rules) {
    rules = ruleSettings(settings);
    if (BUILT.size >= 256) BUILT.delete(BUILT.keys().next().value!);
    BUILT.set(key, rules);
  }
  return rules;
}
const current = new AsyncLocalStorage<RuleSettings>();

/**
 * The council's settings for the rules while the engine validates one event of one of its cases,
 * so that a template's validation (pure zod) counts that council's closure days, call-in period
 * and interest settings. Outside an event, the common defaults.
 */
export function councilRules(): RuleSettings {
  return current.getStore() ?? DEFAULTS;
}

export function withCouncilRules<T>(
  settings: unknown,
  fn: () => T,
  directory?: CaseDirectory,
  caseContext?: unknown,
  today?: string,
  meetingBody?: MeetingBody,
): T {
  return current.run({ ...rulesFor(settings), directory, caseContext, today, meetingBody }, fn);
}
