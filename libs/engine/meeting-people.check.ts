import type { EntityManager } from 'typeorm';
import { tenantScope } from '../core/tenant-scope';
import { bodySeatsOn, BodyRepository } from '../directory/body.repository';
import { GovernanceRuleError } from '../errors/domain.errors';
import { checkMeetingPeople, personIdsNamedIn } from '../governance/meeting-people.service';
import { calendarDayInWords } from '../governance/working-day-calendar.service';
import type { MeetingBody } from '../workflows/council-context.service';
import { eventWords } from '../workflows/template-words.registry';
import type { WorkflowTemplate } from '../workflows/workflow.template';
import type { CaseRow } from './case.repository';

/**
 * An event that carries a meeting's facts names only the body's members on the meeting date and
 * the substitutes allowed for their seats, as the directory holds them, whatever the sender claims
 * (refused 422 GOVERNANCE_RULE_BROKEN, before anything is written). The body is the one that
 * granted the delegation bound to the template's `bodyRole` when the case opened (for the JCB, the
 * Board whose consensus the decision under its delegation needs, ToR 8.1, 8.4): the case names it
 * exactly, where "the tenant's body of that kind" could be several, or none. The body as read (its
 * name, rules and partners' names) is returned for the event's validation: a template that applies
 * the body's own rules (JCB version 5) or names its partners (version 10) reads them there and
 * writes them into the payload it records.
 */
export class MeetingPeopleCheck {
  constructor(private readonly bodies: BodyRepository) {}

  async check(
    m: EntityManager,
    row: Pick<CaseRow, 'tenantId' | 'roles'>,
    template: WorkflowTemplate,
    type: string,
    payload: unknown,
  ): Promise<MeetingBody | undefined> {
    const spec = template.meetingPeople;
    if (!spec) return undefined;
    // The step in words, for a refusal's detail (a linked case's refusal on the meeting page shows it).
    const step = () => eventWords(template, type).action;
    const claim = spec.claimed(type, payload);
    if (!claim) return undefined;
    const binding = row.roles[spec.bodyRole];
    const dir =
      binding?.kind === 'delegation'
        ? await this.bodies.onDate(
            tenantScope(row.tenantId),
            m,
            { delegationId: binding.delegationId },
            claim.meetingDate,
            personIdsNamedIn(claim),
          )
        : null;
    if (!dir)
      throw new GovernanceRuleError(
        'MEETING_BODY_UNKNOWN',
        `The case does not say which body’s meeting “${step()}” is for, so nobody can be checked as its member. Nothing was recorded.`,
        [
          `the ${template.roles[spec.bodyRole]?.label ?? spec.bodyRole} is not held under a delegation from a body of the council`,
        ],
      );
    const seats = bodySeatsOn(dir);
    const verdict = checkMeetingPeople(seats, claim);
    if (!verdict.ok)
      throw new GovernanceRuleError(
        verdict.code,
        `“${step()}” names people or seats that are not the ${dir.body.name}’s on ${calendarDayInWords(claim.meetingDate)} in the council’s directory: ${verdict.explanation.join('; ')}. Nothing was recorded.`,
        verdict.explanation,
      );
    return {
      name: dir.body.name,
      rules: dir.body.rules,
      partnerNames: {
        ...Object.fromEntries(
          seats.seats.flatMap((s) =>
            s.partner && s.partnerName ? [[s.partner, s.partnerName]] : [],
          ),
        ),
        ...Object.fromEntries((dir.body.rules?.constituencies ?? []).map((c) => [c.key, c.name])),
      },
    };
  }
}
