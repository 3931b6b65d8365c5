import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AddMembershipUseCase } from '../../../../libs/directory/use-cases/add-membership.use-case';
import { ChangeMembershipUseCase } from '../../../../libs/directory/use-cases/change-membership.use-case';
import { readDateField } from '../forms/date-field.service';
import type { FieldWords } from '../forms/form-errors.service';
import { FormErrors } from '../forms/form-errors.service';
import { datesInWords } from '../forms/words.service';
import { addRefusal } from '../forms/refusal-errors.service';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { CurrentStaff, StaffForm, StaffPage } from '../staff-page.guard';
import { formText, staffActor } from '../staff-pages.service';
import { READERS } from './bodies-page.controller';
import { MembershipsPages } from './memberships-pages.service';
import { seatDone, type SeatForm } from './memberships.presenter';

const capital = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** An end of the term on or after the day it already ends: what to do on this page instead. */
const alreadyEnds = (t: string) =>
  capital(t.replace(/; to extend it, change validUntil$/, ': to extend it, change the term above'));

/** Where a seat's refusals go on the page: each field, and the rule refusals by their code. */
function seatWords(prefix: { from: string; until: string; source?: string }): FieldWords {
  return {
    personId: {
      id: 'personId',
      message: (m) => (/UUID/.test(m) ? 'Choose a person from the list' : capital(m)),
    },
    constituency: { id: 'constituency', message: () => 'Choose one of the body’s constituencies' },
    role: { id: 'role', message: () => 'Choose the member’s role' },
    voting: {
      id: 'voting',
      message: () => 'A non-voting member does not vote: choose Does not vote',
    },
    validFrom: { id: `${prefix.from}-day`, message: capital },
    validUntil: { id: `${prefix.until}-day`, message: capital },
    on: { id: 'seatEnd-day', message: alreadyEnds },
    source: { id: prefix.source ?? 'source', message: capital },
  };
}
const SEAT_RULES = (from: string, role: string) => ({
  OVERLAPPING_TERMS: `${from}-day`,
  TWO_CHAIRS_AT_ONCE: role,
  TWO_VICE_CHAIRS_AT_ONCE: role,
});

/** A seat form's fields as typed, the two days read with the GOV.UK date input. */
function typedSeat(body: Record<string, unknown>, from: string, until: string) {
  const f = readDateField(body, from, 'the first day of the term');
  const u = readDateField(body, until, 'the last day of the term');
  const form: SeatForm = {
    personId: formText(body, 'personId'),
    constituency: formText(body, 'constituency'),
    role: formText(body, 'role'),
    voting: formText(body, 'voting'),
    source: formText(body, 'source'),
    from: f.typed,
    until: u.typed,
  };
  return { form, f, u };
}

/**
 * A body's seats as pages: every seat and term, and one seat with its term; administrators add,
 * change and end seats through the same use cases as the API (the rules on overlapping terms and
 * a second chair included), others read.
 */
@ApiExcludeController()
@Controller('directory/bodies/:id/members')
export class MembershipsPageController {
  constructor(
    private readonly adding: AddMembershipUseCase,
    private readonly changing: ChangeMembershipUseCase,
    private readonly seats: MembershipsPages,
  ) {}

  @Get()
  @StaffPage(...READERS)
  async list(
    @Param('id') id: string,
    @Query('done') done: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const body = await this.seats.bodyOr404(res, staff, id);
    if (!body) return;
    await this.seats.members(res, staff, body, { done: seatDone(done) });
  }

  @Post()
  @StaffForm<MembershipsPageController>(['administrator'], (c, form) =>
    c.seats.expired(form, () => ({
      seatForm: typedSeat(form.body, 'validFrom', 'validUntil').form,
    })),
  )
  async add(
    @Param('id') id: string,
    @Body() post: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const body = await this.seats.bodyOr404(res, staff, id);
    if (!body) return;
    const { form, f, u } = typedSeat(post, 'validFrom', 'validUntil');
    const errors = new FormErrors(datesInWords);
    errors
      .required('personId', form.personId, 'Choose the person to seat')
      .required('role', form.role, 'Choose the member’s role')
      .date('validFrom', f, 'Enter the first day of the term')
      .date('validUntil', u);
    if (errors.any) return this.seats.members(res, staff, body, { form, errors }, 422);
    try {
      await this.adding.add(
        body.id,
        {
          personId: form.personId,
          constituency: form.constituency || null,
          role: form.role,
          ...(form.voting ? { voting: form.voting === 'yes' } : {}),
          validFrom: f.iso,
          validUntil: u.iso ?? null,
          source: form.source,
        },
        staffActor(staff),
      );
      res.redirect(303, `/directory/bodies/${body.id}/members?done=seated`);
    } catch (e) {
      const status = addRefusal(errors, e, seatWords({ from: 'validFrom', until: 'validUntil' }), {
        subject: 'seat',
        rules: SEAT_RULES('validFrom', 'role'),
        notFound: { person: 'personId' },
      });
      await this.seats.members(res, staff, body, { form, errors }, status);
    }
  }

  @Get(':seatId')
  @StaffPage(...READERS)
  async show(
    @Param('id') id: string,
    @Param('seatId') seatId: string,
    @Query('done') done: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const body = await this.seats.bodyOr404(res, staff, id);
    const seat = body && (await this.seats.seatOr404(res, staff, body, seatId));
    if (!body || !seat) return;
    await this.seats.seat(res, staff, body, seat, { done: seatDone(done) });
  }

  @Post(':seatId')
  @StaffForm<MembershipsPageController>(['administrator'], (c, form) =>
    c.seats.expired(form, () => ({ seatForm: typedSeat(form.body, 'seatFrom', 'seatUntil').form })),
  )
  async change(
    @Param('id') id: string,
    @Param('seatId') seatId: string,
    @Body() post: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const body = await this.seats.bodyOr404(res, staff, id);
    const seat = body && (await this.seats.seatOr404(res, staff, body, seatId));
    if (!body || !seat) return;
    const { form, f, u } = typedSeat(post, 'seatFrom', 'seatUntil');
    const errors = new FormErrors(datesInWords);
    errors.date('seatFrom', f, 'Enter the first day of the term').date('seatUntil', u);
    if (errors.any) return this.seats.seat(res, staff, body, seat, { seatForm: form, errors }, 422);
    try {
      await this.changing.change(
        seat.id,
        {
          expectedVersion: Number(formText(post, 'version')) || 0,
          constituency: form.constituency || null,
          ...(form.role ? { role: form.role } : {}),
          ...(form.voting ? { voting: form.voting === 'yes' } : {}),
          validFrom: f.iso,
          validUntil: u.iso ?? null,
          source: form.source,
        },
        staffActor(staff),
      );
      res.redirect(303, `/directory/bodies/${body.id}/members/${seat.id}?done=changed`);
    } catch (e) {
      const status = addRefusal(
        errors,
        e,
        seatWords({ from: 'seatFrom', until: 'seatUntil', source: 'seatSource' }),
        {
          subject: 'seat',
          rules: SEAT_RULES('seatFrom', 'role'),
        },
      );
      const now = (await this.seats.seatOr404(res, staff, body, seat.id))!;
      await this.seats.seat(res, staff, body, now, { seatForm: form, errors }, status);
    }
  }

  @Post(':seatId/end')
  @StaffForm<MembershipsPageController>(['administrator'], (c, form) =>
    c.seats.expired(form, () => ({
      endForm: readDateField(form.body, 'seatEnd', 'the last day of the term').typed,
    })),
  )
  async end(
    @Param('id') id: string,
    @Param('seatId') seatId: string,
    @Body() post: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const body = await this.seats.bodyOr404(res, staff, id);
    const seat = body && (await this.seats.seatOr404(res, staff, body, seatId));
    if (!body || !seat) return;
    const on = readDateField(post, 'seatEnd', 'the last day of the term');
    const errors = new FormErrors(datesInWords);
    errors.date('seatEnd', on, 'Enter the last day of the term');
    if (errors.any)
      return this.seats.seat(res, staff, body, seat, { endForm: on.typed, errors }, 422);
    try {
      await this.changing.end(
        seat.id,
        { expectedVersion: Number(formText(post, 'version')) || 0, on: on.iso },
        staffActor(staff),
      );
      res.redirect(303, `/directory/bodies/${body.id}/members/${seat.id}?done=ended`);
    } catch (e) {
      const status = addRefusal(
        errors,
        e,
        {
          ...seatWords({ from: 'seatEnd', until: 'seatEnd' }),
          on: { id: 'seatEnd-day', message: alreadyEnds },
        },
        { subject: 'seat', rules: SEAT_RULES('seatEnd', 'seatEnd-day'), fallback: 'seatEnd-day' },
      );
      const now = (await this.seats.seatOr404(res, staff, body, seat.id))!;
      await this.seats.seat(res, staff, body, now, { endForm: on.typed, errors }, status);
    }
  }
}
