import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ChangeSubstituteUseCase } from '../../../../libs/directory/use-cases/change-substitute.use-case';
import { NameSubstituteUseCase } from '../../../../libs/directory/use-cases/name-substitute.use-case';
import { ReadBodiesUseCase } from '../../../../libs/directory/use-cases/read-bodies.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { readDateField } from '../forms/date-field.service';
import { FormErrors, type FieldWords } from '../forms/form-errors.service';
import { datesInWords } from '../forms/words.service';
import { addRefusal } from '../forms/refusal-errors.service';
import { CurrentStaff, type ExpiredForm, StaffForm } from '../staff-page.guard';
import { formText, staffActor } from '../staff-pages.service';
import { MembershipsPages } from './memberships-pages.service';
import type { SeatView } from './memberships.presenter';
import type { SubstituteForm } from './substitutes.presenter';

const capital = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** An end on or after the day the naming already ends: what to do on this page instead. */
const alreadyEnds = (t: string) =>
  capital(
    t.replace(/; to extend it, change validUntil$/, ': to extend it, change its last day above'),
  );

function substituteWords(p: string): FieldWords {
  return {
    personId: {
      id: `${p}Person`,
      message: (m) => (/UUID/.test(m) ? 'Choose a person from the list' : capital(m)),
    },
    validFrom: { id: `${p}From-day`, message: capital },
    validUntil: { id: `${p}Until-day`, message: capital },
    reference: { id: `${p}Reference`, message: capital },
    on: { id: `${p}End-day`, message: capital },
  };
}

/** The naming form as typed, its two days read with the GOV.UK date input. */
function typedNaming(post: Record<string, unknown>) {
  const f = readDateField(post, 'subFrom', 'the first day the substitute may sit');
  const u = readDateField(post, 'subUntil', 'the last day the substitute may sit');
  const nameForm: SubstituteForm = {
    personId: formText(post, 'personId'),
    from: f.typed,
    until: u.typed,
    reference: formText(post, 'reference'),
  };
  return { f, u, nameForm };
}

/** A naming's change or end form as typed (its fields prefixed by the naming), and its view. */
function typedWrite(post: Record<string, unknown>, named: string, what: 'change' | 'end') {
  const p = `sub-${named}`;
  const f = readDateField(post, `${p}-from`, 'the first day the substitute may sit');
  const u = readDateField(post, `${p}-until`, 'the last day the substitute may sit');
  const on = readDateField(post, `${p}-end`, 'the last day the substitute may sit');
  const typed: SubstituteForm = {
    personId: '',
    from: f.typed,
    until: u.typed,
    reference: formText(post, 'reference'),
  };
  const view: SeatView =
    what === 'change'
      ? { substituteForms: { [named]: typed } }
      : { substituteEnds: { [named]: on.typed } };
  return { p, f, u, on, typed, view };
}

/**
 * The substitution scheme of a seat as pages: administrators name the substitutes the partners
 * agreed for it, change or end a naming at the version read, through the same use cases as the
 * API (a substitute outside the seat's term, or the member themselves, refused with the rule).
 */
@ApiExcludeController()
@Controller('directory/bodies/:id/members/:seatId/substitutes')
export class SubstitutesPageController {
  constructor(
    private readonly naming: NameSubstituteUseCase,
    private readonly changing: ChangeSubstituteUseCase,
    private readonly reads: ReadBodiesUseCase,
    private readonly seats: MembershipsPages,
  ) {}

  @Post()
  @StaffForm<SubstitutesPageController>(['administrator'], (c, form) =>
    c.seats.expired(form, () => ({ nameForm: typedNaming(form.body).nameForm })),
  )
  async name(
    @Param('id') id: string,
    @Param('seatId') seatId: string,
    @Body() post: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const body = await this.seats.bodyOr404(res, staff, id);
    const seat = body && (await this.seats.seatOr404(res, staff, body, seatId));
    if (!body || !seat) return;
    const { f, u, nameForm } = typedNaming(post);
    const errors = new FormErrors(datesInWords);
    errors
      .required('subPerson', nameForm.personId, 'Choose the person to name as substitute')
      .date('subFrom', f, 'Enter the first day the substitute may sit')
      .date('subUntil', u)
      .required(
        'subReference',
        nameForm.reference,
        'Enter where the partners agreed it, for example the minute',
      );
    if (errors.any) return this.seats.seat(res, staff, body, seat, { nameForm, errors }, 422);
    try {
      await this.naming.name(
        seat.id,
        {
          personId: nameForm.personId,
          validFrom: f.iso,
          validUntil: u.iso ?? null,
          reference: nameForm.reference,
        },
        staffActor(staff),
      );
      res.redirect(303, `/directory/bodies/${body.id}/members/${seat.id}?done=named`);
    } catch (e) {
      const status = addRefusal(errors, e, substituteWords('sub'), {
        subject: 'seat',
        rules: { SUBSTITUTE_ALREADY_NAMED: 'subPerson' },
        notFound: { person: 'subPerson' },
      });
      await this.seats.seat(res, staff, body, seat, { nameForm, errors }, status);
    }
  }

  @Post(':substituteId')
  @StaffForm<SubstitutesPageController>(['administrator'], (c, form) => c.expired(form, 'change'))
  async change(
    @Param('id') id: string,
    @Param('seatId') seatId: string,
    @Param('substituteId') substituteId: string,
    @Body() post: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.write(id, seatId, substituteId, 'change', post, staff, res);
  }

  @Post(':substituteId/end')
  @StaffForm<SubstitutesPageController>(['administrator'], (c, form) => c.expired(form, 'end'))
  async end(
    @Param('id') id: string,
    @Param('seatId') seatId: string,
    @Param('substituteId') substituteId: string,
    @Body() post: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.write(id, seatId, substituteId, 'end', post, staff, res);
  }

  /** A naming's change or end posted without the session's token: the seat, the form as typed. */
  private expired(form: ExpiredForm, what: 'change' | 'end') {
    return this.seats.expired(form, async (seat) => {
      const named = seat && (await this.namedOn(form.staff, seat.id, form.params.substituteId));
      return named ? typedWrite(form.body, named, what).view : null;
    });
  }

  private async write(
    id: string,
    seatId: string,
    substituteId: string,
    what: 'change' | 'end',
    post: Record<string, unknown>,
    staff: SignedInStaff,
    res: Response,
  ) {
    const body = await this.seats.bodyOr404(res, staff, id);
    const seat = body && (await this.seats.seatOr404(res, staff, body, seatId));
    if (!body || !seat) return;
    const named = await this.namedOn(staff, seat.id, substituteId);
    if (!named) return this.seats.notFound(res, staff);
    const { p, f, u, on, typed, view: typedView } = typedWrite(post, named, what);
    const errors = new FormErrors(datesInWords);
    const view = () => ({ ...typedView, errors });
    if (what === 'change')
      errors
        .date(`${p}-from`, f, 'Enter the first day the substitute may sit')
        .date(`${p}-until`, u)
        .required(`${p}-reference`, typed.reference, 'Enter where the partners agreed it');
    else errors.date(`${p}-end`, on, 'Enter the last day the substitute may sit');
    if (errors.any) return this.seats.seat(res, staff, body, seat, view(), 422);
    const expectedVersion = Number(formText(post, 'version')) || 0;
    try {
      if (what === 'change')
        await this.changing.change(
          named,
          {
            expectedVersion,
            validFrom: f.iso,
            validUntil: u.iso ?? null,
            reference: typed.reference,
          },
          staffActor(staff),
        );
      else await this.changing.end(named, { expectedVersion, on: on.iso }, staffActor(staff));
      res.redirect(
        303,
        `/directory/bodies/${body.id}/members/${seat.id}?done=substitute-${what === 'change' ? 'changed' : 'ended'}`,
      );
    } catch (e) {
      // An end's refusal is about the one day its form has, whichever of the naming's days the
      // rule names (a last day before the first is the end day typed).
      const words: FieldWords =
        what === 'change'
          ? {
              validFrom: { id: `${p}-from-day`, message: capital },
              validUntil: { id: `${p}-until-day`, message: capital },
              reference: { id: `${p}-reference`, message: capital },
            }
          : {
              validFrom: { id: `${p}-end-day`, message: capital },
              validUntil: { id: `${p}-end-day`, message: capital },
              on: { id: `${p}-end-day`, message: alreadyEnds },
            };
      const status = addRefusal(errors, e, words, {
        subject: 'substitute',
        fallback: what === 'change' ? `${p}-from-day` : `${p}-end-day`,
      });
      await this.seats.seat(res, staff, body, seat, view(), status);
    }
  }

  /** The naming's id when it is one of this seat's, else null (another seat's or council's). */
  private async namedOn(staff: SignedInStaff, seatId: string, substituteId = '') {
    const all = await this.reads.substitutesOf(seatId, { limit: 200 }, staffActor(staff));
    return all.items.find((s) => s.id === substituteId)?.id ?? null;
  }
}
