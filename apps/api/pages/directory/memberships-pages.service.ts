import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { BodyOnDayView } from '../../../../libs/directory/use-cases/read-bodies.use-case';
import { ReadBodiesUseCase } from '../../../../libs/directory/use-cases/read-bodies.use-case';
import type { MembershipRecord } from '../../../../libs/directory/membership.repository';
import { DirectoryRecordNotFoundError } from '../../../../libs/directory/directory.errors';
import type { FormErrors } from '../forms/form-errors.service';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { PageRenderer } from '../page-renderer.service';
import type { ExpiredForm } from '../staff-page.guard';
import { staffActor } from '../staff-pages.service';
import { DirectoryChoices } from './directory-choices.service';
import { expiredErrors } from './directory-pages.service';
import { membersPage, seatPage, type SeatForm, type SeatView } from './memberships.presenter';

/**
 * The two pages of a body's seats: the body or seat read (or the not-found page), what they show
 * read through the use cases, drawn by memberships.presenter.ts; the seats form posted without
 * the session's token drawn again as typed.
 */
@Injectable()
export class MembershipsPages {
  constructor(
    private readonly reads: ReadBodiesUseCase,
    private readonly choices: DirectoryChoices,
    private readonly pages: PageRenderer,
  ) {}

  /** The body with its rules, or the not-found page (another council's, or no such body). */
  async bodyOr404(res: Response, staff: SignedInStaff, id: string): Promise<BodyOnDayView | null> {
    try {
      return await this.reads.get(id, {}, staffActor(staff));
    } catch (e) {
      if (!(e instanceof DirectoryRecordNotFoundError)) throw e;
      this.pages.html(res, 'not-found.njk', { staff }, 404);
      return null;
    }
  }

  notFound(res: Response, staff: SignedInStaff): void {
    this.pages.html(res, 'not-found.njk', { staff }, 404);
  }

  /** The seat, on that body, or the not-found page. */
  async seatOr404(
    res: Response,
    staff: SignedInStaff,
    body: BodyOnDayView,
    seatId: string,
  ): Promise<MembershipRecord | null> {
    try {
      const seat = await this.reads.membership(seatId, staffActor(staff));
      if (seat.bodyId === body.id) return seat;
    } catch (e) {
      if (!(e instanceof DirectoryRecordNotFoundError)) throw e;
    }
    this.pages.html(res, 'not-found.njk', { staff }, 404);
    return null;
  }

  /**
   * A seat form posted without the session's token: the body's seats, or the seat when the address
   * names one, with the form as typed (`view`) saying so; a body or seat not the council's, or a
   * seat `view` refuses (null), is the not-found page. Nothing is saved.
   */
  async expired(
    { res, staff, params }: ExpiredForm,
    view: (seat: MembershipRecord | null) => SeatView | null | Promise<SeatView | null>,
  ): Promise<void> {
    const body = await this.bodyOr404(res, staff, params.id ?? '');
    if (!body) return;
    if (!params.seatId) {
      const typed = await view(null);
      return this.members(
        res,
        staff,
        body,
        { form: typed?.seatForm, errors: expiredErrors() },
        403,
      );
    }
    const seat = await this.seatOr404(res, staff, body, params.seatId);
    if (!seat) return;
    const typed = await view(seat);
    if (!typed) return this.notFound(res, staff);
    await this.seat(res, staff, body, seat, { ...typed, errors: expiredErrors() }, 403);
  }

  async members(
    res: Response,
    staff: SignedInStaff,
    body: BodyOnDayView,
    view: { form?: SeatForm; errors?: FormErrors; done?: string },
    status = 200,
  ) {
    const actor = staffActor(staff);
    const seats = await this.reads.memberships(body.id, { limit: 200 }, actor);
    const people = staff.role === 'administrator' ? await this.choices.peopleOf(actor) : [];
    this.pages.html(
      res,
      'directory/memberships.njk',
      membersPage({ staff, body, seats, people, view }),
      status,
    );
  }

  async seat(
    res: Response,
    staff: SignedInStaff,
    body: BodyOnDayView,
    seat: MembershipRecord,
    view: SeatView,
    status = 200,
  ) {
    const actor = staffActor(staff);
    const substitutes = await this.reads.substitutesOf(seat.id, { limit: 200 }, actor);
    const people = staff.role === 'administrator' ? await this.choices.peopleOf(actor) : [];
    this.pages.html(
      res,
      'directory/memberships-seat.njk',
      seatPage({ staff, body, seat, substitutes, people, view }),
      status,
    );
  }
}
