import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CancelAbsenceUseCase } from '../../../libs/directory/absences/cancel-absence.use-case';
import { ReadAbsencesUseCase } from '../../../libs/directory/absences/read-absences.use-case';
import { RecordAbsenceUseCase } from '../../../libs/directory/absences/record-absence.use-case';
import {
  DomainError,
  GovernanceRuleError,
  TemplateVersionNotInThisBuildError,
} from '../../../libs/errors/domain.errors';
import { STAFF_ROLES } from '../../../libs/staff/staff-account-input.schema';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { httpStatusOf } from '../http/problem.filter';
import { refusalSentence } from '../http/refusal.presenter';
import { dateInputItems, readDateField, type TypedDate } from './forms/date-field.service';
import { FormErrors } from './forms/form-errors.service';
import { datesInWords, dayInWords } from './forms/words.service';
import { PageRenderer } from './page-renderer.service';
import { FORM_EXPIRED, formText, staffActor } from './staff-pages.service';
import { CurrentStaff, type ExpiredForm, StaffForm, StaffPage } from './staff-page.guard';
import { versionConflictText } from './forms/refusal-errors.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALL_ROLES = [...STAFF_ROLES];
const BLANK: TypedDate = { day: '', month: '', year: '' };

/** The form as typed: the deputy chosen, both dates as typed, the note. */
interface Typed {
  deputyPersonId: string;
  firstDay: TypedDate;
  lastDay: TypedDate;
  note: string;
}

/** Each rule's field on the page (the use case names them as the API does). */
const FIELD_IDS: Record<string, string> = {
  deputyPersonId: 'deputyPersonId',
  firstDay: 'firstDay-day',
  lastDay: 'lastDay-day',
  note: 'note',
};

/**
 * "Away from the office" (issue #15, docs/adr/0033): a member of staff marks themselves away with
 * the first and last day and a deputy who holds a suitable delegation, sees their absences and
 * those they cover, and cancels one. An administrator does the same for anyone (?person=).
 */
@ApiExcludeController()
@Controller('away')
export class AwayPagesController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly reads: ReadAbsencesUseCase,
    private readonly recording: RecordAbsenceUseCase,
    private readonly cancelling: CancelAbsenceUseCase,
  ) {}

  @Get()
  @StaffPage(...ALL_ROLES)
  async page(
    @Query('person') person: string | undefined,
    @Query('done') done: string | undefined,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const personId = this.personOf(staff, person);
    if (!personId) return this.pages.html(res, 'not-found.njk', { staff }, 404);
    await this.render(res, staff, personId, this.blank(), new FormErrors(), 200, done);
  }

  @Post()
  @StaffForm<AwayPagesController>(ALL_ROLES, (c, form) => c.expired(form))
  async record(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const personId = this.personOf(staff, formText(body, 'personId') || undefined);
    if (!personId) return this.pages.html(res, 'not-found.njk', { staff }, 404);
    const first = readDateField(body, 'firstDay', 'the first day away');
    const last = readDateField(body, 'lastDay', 'the last day away');
    const typed: Typed = {
      deputyPersonId: formText(body, 'deputyPersonId'),
      firstDay: first.typed,
      lastDay: last.typed,
      note: formText(body, 'note'),
    };
    const errors = new FormErrors(datesInWords);
    errors.date('firstDay', first, 'Enter the first day away');
    errors.date('lastDay', last, 'Enter the last day away');
    if (!UUID.test(typed.deputyPersonId)) errors.add('deputyPersonId', 'Choose your deputy');
    if (errors.any) return this.render(res, staff, personId, typed, errors, 422);
    try {
      await this.recording.record(
        {
          ...(personId === staff.person.id ? {} : { personId }),
          deputyPersonId: typed.deputyPersonId,
          firstDay: first.iso,
          lastDay: last.iso,
          ...(typed.note ? { note: typed.note } : {}),
        },
        staffActor(staff),
      );
      res.redirect(303, `/away?done=recorded${this.personQuery(staff, personId, '&')}`);
    } catch (e) {
      // A case on a version this build lacks is not the form's to fix: the service-being-updated page
      // (problem.filter.ts), 503 with Retry-After, as every other page answers it.
      if (!(e instanceof DomainError) || e instanceof TemplateVersionNotInThisBuildError) throw e;
      refusal(e, errors);
      // A deputy not of the council is the form's error, not a page not found.
      const status = e.code === 'DIRECTORY_RECORD_NOT_FOUND' ? 422 : httpStatusOf(e);
      await this.render(res, staff, personId, typed, errors, status);
    }
  }

  @Post(':id/cancel')
  @StaffForm<AwayPagesController>(ALL_ROLES, (c, form) => c.expired(form))
  async cancel(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const personId = this.personOf(staff, formText(body, 'personId') || undefined);
    if (!personId || !UUID.test(id)) return this.pages.html(res, 'not-found.njk', { staff }, 404);
    const errors = new FormErrors(datesInWords);
    try {
      await this.cancelling.cancel(
        id,
        { expectedVersion: Number(body.expectedVersion) },
        staffActor(staff),
      );
      res.redirect(303, `/away?done=cancelled${this.personQuery(staff, personId, '&')}`);
    } catch (e) {
      if (!(e instanceof DomainError) || e instanceof TemplateVersionNotInThisBuildError) throw e;
      if (e.code === 'DIRECTORY_RECORD_NOT_FOUND')
        return this.pages.html(res, 'not-found.njk', { staff }, 404);
      refusal(e, errors);
      await this.render(res, staff, personId, this.blank(), errors, httpStatusOf(e));
    }
  }

  /** A form posted without the session's token: the page again, what was typed kept. */
  async expired({ res, staff, body }: ExpiredForm) {
    const personId = this.personOf(staff, formText(body, 'personId') || undefined);
    if (!personId) return this.pages.html(res, 'not-found.njk', { staff }, 404);
    const errors = new FormErrors();
    errors.add('main-content', FORM_EXPIRED);
    const typed: Typed = {
      deputyPersonId: formText(body, 'deputyPersonId'),
      firstDay: readDateField(body, 'firstDay', 'the first day away').typed,
      lastDay: readDateField(body, 'lastDay', 'the last day away').typed,
      note: formText(body, 'note'),
    };
    await this.render(res, staff, personId, typed, errors, 403);
  }

  /** Whose absences: one's own, or anyone's for an administrator; null for a mistyped id. */
  private personOf(staff: SignedInStaff, person: string | undefined): string | null {
    if (person === undefined || person === staff.person.id) return staff.person.id;
    return staff.role === 'administrator' && UUID.test(person) ? person : null;
  }

  private personQuery(staff: SignedInStaff, personId: string, sep: '?' | '&'): string {
    return personId === staff.person.id ? '' : `${sep}person=${personId}`;
  }

  private blank(): Typed {
    return { deputyPersonId: '', firstDay: BLANK, lastDay: BLANK, note: '' };
  }

  private async render(
    res: Response,
    staff: SignedInStaff,
    personId: string,
    typed: Typed,
    errors: FormErrors,
    status = 200,
    done?: string,
  ) {
    const actor = staffActor(staff);
    let absences, deputies, person;
    try {
      [person, absences, deputies] = await Promise.all([
        this.reads.person(personId, actor),
        this.reads.ofPerson(personId, actor),
        this.reads.deputies(personId, actor),
      ]);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'DIRECTORY_RECORD_NOT_FOUND')
        return this.pages.html(res, 'not-found.njk', { staff }, 404);
      throw e;
    }
    const own = personId === staff.person.id;
    const away = absences.filter((a) => a.person.id === personId);
    const covering = absences.filter((a) => a.deputy.id === personId);
    const fieldErrors = errors.byField();
    this.pages.html(
      res,
      'away.njk',
      {
        staff,
        own,
        personId,
        personName: person.name,
        done:
          done === 'recorded'
            ? 'The absence is recorded.'
            : done === 'cancelled'
              ? 'The absence is cancelled.'
              : null,
        away: away.map((a) => ({
          id: a.id,
          version: a.version,
          days: `${dayInWords(a.firstDay)} to ${dayInWords(a.lastDay)}`,
          deputy: a.deputy.name,
          under: `${a.delegation.delegateOfficeTitle}, under delegation from the ${a.delegation.grantorName} (${a.delegation.reference})`,
          covered: a.covered,
          note: a.note,
        })),
        covering: covering.map((a) => ({
          person: a.person.name,
          days: `${dayInWords(a.firstDay)} to ${dayInWords(a.lastDay)}`,
        })),
        deputies: deputies.map((d) => ({
          value: d.id,
          text: d.name,
          hint: { text: d.under },
          checked: d.id === typed.deputyPersonId,
        })),
        typed,
        errors: errors.items,
        fieldErrors,
        firstDayItems: dateInputItems('firstDay', typed.firstDay, !!fieldErrors['firstDay-day']),
        lastDayItems: dateInputItems('lastDay', typed.lastDay, !!fieldErrors['lastDay-day']),
      },
      status,
    );
  }
}

/**
 * A refusal against its field, in words: a governance rule's in the one shape every page gives it
 * (http/refusal.presenter.ts), bad input GOV.UK style, or the version changed.
 */
function refusal(e: DomainError, errors: FormErrors): void {
  if (e.code === 'VERSION_CONFLICT') {
    errors.add('main-content', versionConflictText('absence'));
    return;
  }
  if (e instanceof GovernanceRuleError) {
    const field = e.problems.map((p) => FIELD_IDS[p.path]).find((id) => id !== undefined);
    errors.add(field ?? 'main-content', refusalSentence(e));
    return;
  }
  if (e.code === 'DIRECTORY_RECORD_NOT_FOUND') {
    // Only a form not sent by this page names someone who is not a person of the council.
    errors.add('deputyPersonId', 'Choose your deputy from the list');
    return;
  }
  const problems = (e.extra.problems ?? []) as { path: string; message: string }[];
  if (problems.some((p) => p.path === 'expectedVersion')) {
    errors.add('main-content', FORM_EXPIRED);
    return;
  }
  for (const p of problems) {
    const text = p.message.charAt(0).toUpperCase() + p.message.slice(1);
    errors.add(FIELD_IDS[p.path] ?? 'main-content', text);
  }
  if (!errors.any) errors.add('main-content', e.detail);
}
