import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AnyMachineSnapshot, AnyStateNode } from 'xstate';
import { Clock } from '../../../libs/core/clock.service';
import { scopeOf } from '../../../libs/core/tenant-scope';
import { DelegationRepository } from '../../../libs/directory/delegation.repository';
import { OfficeRepository } from '../../../libs/directory/office.repository';
import { CaseSearchRepository } from '../../../libs/engine/case-search.repository';
import { londonDate } from '../../../libs/governance/working-day-calendar.service';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { restore } from '../../../libs/workflows/machine-snapshot.service';
import { eventWords } from '../../../libs/workflows/template-words.registry';
import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';
import { eventForm, type EventForm, type FormChoices } from './event-form.service';

/** Event types the case's current states handle, whatever their guards will say of a payload. */
function handledEvents(snapshot: AnyMachineSnapshot): Set<string> {
  const nodes = (snapshot as unknown as { _nodes: AnyStateNode[] })._nodes ?? [];
  return new Set(nodes.flatMap((n) => [...n.transitions.keys()]));
}

/**
 * The forms the case page offers the officer: the events the case's current states handle that an
 * officer may send, with the choices they offer (offices held today and delegations, for a role
 * handed over; the case's open conditions).
 */
@Injectable()
export class CaseEventFormsService {
  constructor(
    private readonly ds: DataSource,
    private readonly offices: OfficeRepository,
    private readonly delegations: DelegationRepository,
    private readonly search: CaseSearchRepository,
    private readonly clock: Clock,
  ) {}

  /** Offices held today and delegations for a role handed over; the case's open conditions. */
  async choices(staff: SignedInStaff, context: unknown): Promise<FormChoices> {
    const offices = await this.offices.list(scopeOf(staff), this.ds.manager, {
      on: londonDate(this.clock.now()),
      held: true,
      limit: 1000,
      offset: 0,
    });
    const delegations = await this.delegations.labels(scopeOf(staff), this.ds.manager);
    const conditions = ((context as { conditions?: unknown[] } | null)?.conditions ?? []) as {
      id: string;
      text: string;
      metOn: string | null;
    }[];
    return {
      holders: [
        ...offices.map((o) => ({
          value: o.id,
          text: o.holder ? `${o.title} (${o.holder.personName})` : o.title,
        })),
        ...delegations.map((d) => ({ value: d.id, text: d.label })),
      ],
      conditions: conditions
        .filter((c) => c.metOn === null)
        .map((c) => ({ value: c.id, text: c.text })),
    };
  }

  async officerForms(
    template: WorkflowTemplate,
    staff: SignedInStaff,
    id: string,
    context: unknown,
  ): Promise<EventForm[]> {
    const snapshot = await this.search.snapshotOf(scopeOf(staff), this.ds.manager, id);
    const handled = handledEvents(restore(template.machine, snapshot));
    const choices = await this.choices(staff, context);
    return (
      Object.entries(template.events)
        .filter(([type, spec]) => spec.sendableBy.includes('officer') && handled.has(type))
        // An outcome only a meeting's show of hands records has no form: the page says the
        // meeting page takes it, as it says of a form too complex for it.
        .map(([type]) => {
          const form = eventForm(template, type, choices);
          return eventWords(template, type).fromMeeting ? { ...form, complex: true } : form;
        })
    );
  }
}
