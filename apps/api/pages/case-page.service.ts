import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TrailLink } from '../../../libs/audit/answer-evidence.service';
import { type Certificate, CertificateService } from '../../../libs/audit/certificate.service';
import { VerifyAuditUseCase } from '../../../libs/audit/verify-audit.use-case';
import { tenantScope } from '../../../libs/core/tenant-scope';
import { DelegationRepository } from '../../../libs/directory/delegation.repository';
import { DirectoryChangeRepository } from '../../../libs/directory/directory-change.repository';
import { PersonalDataHoldUseCase } from '../../../libs/documents/personal-data-hold.use-case';
import { type CaseView, CaseViewService } from '../../../libs/engine/case-view.service';
import { CaseAgendasRepository } from '../../../libs/meetings/case-agendas.repository';
import { MinutesCasesRepository } from '../../../libs/meetings/minutes-cases.repository';
import { AWAITING_PRESIDING_MEMBER } from '../../../libs/meetings/use-cases/name-minutes-signer.use-case';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { templateOfView } from '../../../libs/workflows/case-template.service';
import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';
import { dateLabel, eventWords } from '../../../libs/workflows/template-words.registry';
import { deadlineWords } from '../../../libs/workflows/template-emails';
import { conditionState, type CaseCondition } from './case-condition.presenter';
import { titleHoldsDate } from './meeting-line.presenter';
import { CaseEventFormsService } from './case-event-forms.service';
import { caseLifecycle, LIFECYCLE_DONE } from './case-lifecycle.presenter';
import { caseTimeline, recordedIds } from './case-timeline.presenter';
import { sentAgainWords } from './case-resent.presenter';
import { presentEventForm } from './event-form.presenter';
import type { Option, Typed } from './event-form.service';
import type { FormErrors } from './forms/form-errors.service';
import { datesInWords, dayInWords, deadlineInWords, whenInWords } from './forms/words.service';
import { presidingLink } from './minutes-presiding-link.presenter';

/** The form the officer posted, kept to show again: what they typed and what is wrong with it. */
export interface Posted {
  type: string;
  typed: Typed;
  errors: FormErrors;
  /** The roles the person may act in, asked when the step was refused as ambiguous. */
  roles?: Option[];
}

/**
 * What the case page (case.njk) shows: where the case stands, who is awaited, its dates, deadlines,
 * conditions, agendas and legal hold, its timeline, the forms the officer may fill in now (one
 * posted shown again as typed, with its errors) and the banner after a step.
 */
@Injectable()
export class CasePageService {
  constructor(
    private readonly ds: DataSource,
    private readonly views: CaseViewService,
    private readonly certificates: CertificateService,
    private readonly audit: VerifyAuditUseCase,
    private readonly eventForms: CaseEventFormsService,
    private readonly agendas: CaseAgendasRepository,
    private readonly minutesCases: MinutesCasesRepository,
    private readonly holds: PersonalDataHoldUseCase,
    private readonly directory: DirectoryChangeRepository,
    private readonly delegations: DelegationRepository,
  ) {}

  /** The case's timeline in words, with the people its steps recorded by name (the certificate's too). */
  async timeline(
    tenantId: string,
    template: WorkflowTemplate,
    trail: TrailLink[],
    cert: Certificate,
  ) {
    const scope = tenantScope(tenantId);
    const ids = recordedIds(trail);
    const names = await this.directory.namesOf(scope, this.ds.manager, ids);
    // A role handed to a delegation (REASSIGN_ROLE's holderId): named as its form offered it.
    if (ids.some((id) => !names.has(id)))
      for (const d of await this.delegations.labels(scope, this.ds.manager))
        if (ids.includes(d.id) && !names.has(d.id)) names.set(d.id, d.label);
    return caseTimeline(template, trail, cert, names);
  }

  /** `given`: the case's view as the request already read it, else read here. */
  async model(
    staff: SignedInStaff,
    id: string,
    state: { posted?: Posted; done?: string; again?: boolean },
    given?: CaseView,
  ) {
    const view = given ?? (await this.views.get(staff.tenantId, id));
    const template = templateOfView(view);
    // The view, the trail and the chain's finding read once, for the page and its certificate.
    const { trail, chain } = await this.audit.verifiedTrail(staff.tenantId, id);
    const cert = await this.certificates.build(staff.tenantId, id, undefined, {
      view,
      trail,
      chain,
    });
    // A paused or withdrawn case takes no step (ADR 0012): no step's form is offered.
    const active = view.lifecycle.status === 'active';
    const all =
      !staff.mayRecord || !active
        ? []
        : await this.eventForms.officerForms(template, staff, id, view.context);
    const context = view.context as Record<string, unknown> | null;
    const forms = all
      .filter((f) => !f.complex)
      .map((f) => {
        const posted = state.posted?.type === f.type ? state.posted : undefined;
        const replaces = eventWords(template, f.type).replaces;
        return {
          ...presentEventForm(f, posted?.typed, posted?.errors, posted?.roles),
          replaces: replaces && context?.[replaces.contextKey] ? replaces : undefined,
          replaceError: posted?.errors.for(`${f.type}-confirmReplace`),
        };
      });
    // A step's form sent again after it was recorded (case-resent.presenter.ts): once, when, by whom.
    const again =
      state.again && state.done
        ? sentAgainWords(template, trail, state.done, staff.person.id)
        : null;
    const done =
      again ??
      (state.done === 'chase'
        ? 'The open requests were sent again'
        : state.done && Object.hasOwn(LIFECYCLE_DONE, state.done)
          ? LIFECYCLE_DONE[state.done]
          : state.done && template.events[state.done]
            ? eventWords(template, state.done).done
            : undefined);
    const agendas = (
      await this.agendas.ofCase(tenantScope(staff.tenantId), this.ds.manager, id)
    ).map((a) => ({
      ...a,
      // A meeting's title often names its day ("JCB, 9 December 2021"): said once, not twice.
      when: titleHoldsDate(a.title, a.meetingDate) ? '' : dayInWords(a.meetingDate),
    }));
    const nextDeadline = view.openDeadlines.find((d) => d.kind === 'deadline');
    const hold = await this.holds.of(staff.tenantId, id);
    // Who presided is named on the meeting's page, not here: the way there, for those who record.
    const presiding =
      staff.mayRecord && active && view.state.key === AWAITING_PRESIDING_MEMBER
        ? await this.minutesCases.approvalOfCase(tenantScope(staff.tenantId), this.ds.manager, id)
        : undefined;
    return {
      staff,
      c: view,
      cert,
      forms,
      elsewhere: all.filter((f) => f.complex).map((f) => f.action),
      agendas,
      presidingAt: presidingLink(presiding),
      done,
      errorList: state.posted?.errors.items ?? [],
      chaseable: active && view.awaiting.some((a) => a.role !== 'officer'),
      lifecycle: caseLifecycle(view, template, staff.mayRecord),
      dates: Object.entries(view.dates).map(([k, v]) => ({
        key: { text: dateLabel(template, k) },
        value: { text: dayInWords(v, v) },
      })),
      nextDeadline: nextDeadline
        ? sentence(
            `${deadlineWords(template, nextDeadline.key)} deadline, ${deadlineInWords(nextDeadline.dueAt)}`,
          )
        : null,
      overdue: view.overdue.map((k) => `${deadlineWords(template, k)} deadline`).join(', '),
      conditions: (view.conditions as CaseCondition[]).map((k) => ({
        text: k.text,
        state: conditionState(k, template),
      })),
      // A legal hold on the case's personal data; the holds page for those who may release it.
      hold: hold && {
        reason: hold.reason,
        by: hold.heldBy.name,
        when: whenInWords(hold.heldAt),
        href: ['governance_lead', 'administrator'].includes(staff.role)
          ? '/admin/retention/holds'
          : null,
      },
      opened: whenInWords(view.createdAt),
      closed: view.closedAt ? whenInWords(view.closedAt) : null,
      timeline: await this.timeline(staff.tenantId, template, trail, cert),
      diagramAlt: `Workflow diagram. ${datesInWords(view.state.summary)}.`,
    };
  }
}

/** Text that starts a sentence on its own line ("national submission…" → "National submission…"). */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
