import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { HoldingRecord } from '../../../../libs/directory/office.repository';
import { AppointOfficeHolderUseCase } from '../../../../libs/directory/use-cases/appoint-office-holder.use-case';
import { ChangeOfficeHoldingUseCase } from '../../../../libs/directory/use-cases/change-office-holding.use-case';
import {
  ReadOfficesUseCase,
  type OfficeWithHistory,
} from '../../../../libs/directory/use-cases/read-offices.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { readDateField } from '../forms/date-field.service';
import { FormErrors, type FieldWords } from '../forms/form-errors.service';
import { datesInWords } from '../forms/words.service';
import { formText, staffActor } from '../staff-pages.service';
import { DirectoryChoices } from './directory-choices.service';
import { DirectoryPages, postedVersion, said } from './directory-pages.service';
import {
  blankHoldingForm,
  holdingFormOf,
  holdingFormPage,
  type HoldingForm,
} from './offices-holders.presenter';
import { CurrentStaff, StaffForm, StaffPage } from '../staff-page.guard';
import { changedFirstSentence } from '../../../../libs/errors/changed-first.errors';

const WORDS: FieldWords = {
  personId: { id: 'personId', message: said },
  from: { id: 'from-day', message: said },
  until: { id: 'until-day', message: said },
  kind: { id: 'kind', message: () => 'Choose whether the holding is substantive or acting' },
};

/**
 * Who holds an office, as pages: administrators appoint a holder (substantive or acting, from a
 * day, to a day or with no end) and correct or end a holding, through the same use cases as the
 * API. A new holder today takes over the office's open requests (the use case does it).
 */
@ApiExcludeController()
@Controller('directory/offices/:officeId')
export class OfficeHoldersPagesController {
  constructor(
    private readonly reads: ReadOfficesUseCase,
    private readonly appointing: AppointOfficeHolderUseCase,
    private readonly changing: ChangeOfficeHoldingUseCase,
    private readonly choices: DirectoryChoices,
    private readonly dir: DirectoryPages,
  ) {}

  @Get('appoint')
  @StaffPage('administrator')
  async appointForm(
    @Param('officeId') officeId: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    await this.guard(res, staff, async () => {
      const office = await this.reads.get(officeId, {}, staffActor(staff));
      await this.form(res, staff, office, null, blankHoldingForm());
    });
  }

  @Post('appoint')
  @StaffForm(['administrator'])
  async appoint(
    @Param('officeId') officeId: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    await this.guard(res, staff, async () => {
      const office = await this.reads.get(officeId, {}, staffActor(staff));
      const { form, errors, from, until } = read(body, true);
      if (errors.any) return this.form(res, staff, office, null, form, errors, 422);
      try {
        const done = await this.appointing.appoint(
          officeId,
          { personId: form.personId, kind: form.kind, from: from.iso, until: until.iso ?? null },
          staffActor(staff),
        );
        res.redirect(
          303,
          `/directory/offices/${officeId}?done=appointed&cases=${done.handedOver.length}`,
        );
      } catch (e) {
        if (this.dir.refused(e, res, staff)) return;
        const r = this.dir.errorsOf(e, WORDS, { conflict: '', ruleField: 'from-day' });
        await this.form(res, staff, office, null, form, r.errors, r.status);
      }
    });
  }

  @Get('holders/:holdingId/change')
  @StaffPage('administrator')
  async changeForm(
    @Param('officeId') officeId: string,
    @Param('holdingId') holdingId: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    await this.guard(res, staff, async () => {
      const office = await this.reads.get(officeId, {}, staffActor(staff));
      const holding = office.holders.find((h) => h.id === holdingId);
      if (!holding) return this.dir.html(res, 'not-found.njk', { staff }, 404);
      await this.form(res, staff, office, holding, holdingFormOf(holding));
    });
  }

  @Post('holders/:holdingId/change')
  @StaffForm(['administrator'])
  async change(
    @Param('officeId') officeId: string,
    @Param('holdingId') holdingId: string,
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    await this.guard(res, staff, async () => {
      const office = await this.reads.get(officeId, {}, staffActor(staff));
      const holding = office.holders.find((h) => h.id === holdingId);
      if (!holding) return this.dir.html(res, 'not-found.njk', { staff }, 404);
      const { form, errors, from, until } = read(body, false);
      if (errors.any)
        return this.form(
          res,
          staff,
          office,
          holding,
          { ...form, personId: holding.personId },
          errors,
          422,
        );
      try {
        const done = await this.changing.change(
          officeId,
          holdingId,
          {
            from: from.iso,
            until: until.iso ?? null,
            kind: form.kind,
            expectedVersion: postedVersion(body),
          },
          staffActor(staff),
        );
        res.redirect(
          303,
          `/directory/offices/${officeId}?done=holding&cases=${done.handedOver.length}`,
        );
      } catch (e) {
        if (this.dir.refused(e, res, staff)) return;
        const r = this.dir.errorsOf(e, WORDS, {
          conflict: changedFirstSentence(`${holding.personName}’s holding of ${office.title}`),
          ruleField: 'from-day',
        });
        if (!r.conflict)
          return this.form(
            res,
            staff,
            office,
            holding,
            { ...form, personId: holding.personId },
            r.errors,
            r.status,
          );
        const now = await this.reads.get(officeId, {}, staffActor(staff));
        const fresh = now.holders.find((h) => h.id === holdingId) ?? holding;
        await this.form(res, staff, now, fresh, holdingFormOf(fresh), r.errors, r.status);
      }
    });
  }

  /** Another council's office, or a holding not of this office, reads as not found. */
  private async guard(res: Response, staff: SignedInStaff, work: () => Promise<unknown>) {
    try {
      await work();
    } catch (e) {
      if (!this.dir.refused(e, res, staff)) throw e;
    }
  }

  private async form(
    res: Response,
    staff: SignedInStaff,
    office: OfficeWithHistory,
    holding: HoldingRecord | null,
    form: HoldingForm,
    errors = new FormErrors(),
    status = 200,
  ) {
    const people = holding ? [] : await this.choices.people(staff);
    this.dir.html(
      res,
      'directory/offices-holder-form.njk',
      holdingFormPage({ staff, office, holding, form, people, errors }),
      status,
    );
  }
}

function read(body: Record<string, unknown>, requirePerson: boolean) {
  const from = readDateField(body, 'from', 'the first day they hold the office');
  const until = readDateField(body, 'until', 'the last day they hold the office');
  const kind = formText(body, 'kind');
  const form: HoldingForm = {
    personId: formText(body, 'personId'),
    kind,
    from: from.typed,
    until: until.typed,
    version: formText(body, 'expectedVersion'),
  };
  const errors = new FormErrors(datesInWords);
  if (requirePerson) errors.required('personId', form.personId, 'Choose who holds the office');
  errors
    .required('kind', kind, 'Choose whether the holding is substantive or acting')
    .date('from', from, 'Enter the first day they hold the office')
    .date('until', until);
  return { form, errors, from, until };
}
