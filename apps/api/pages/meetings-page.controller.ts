import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../../libs/core/actor.dto';
import {
  AgendaItemNotFoundError,
  MeetingNotFoundError,
} from '../../../libs/meetings/meeting.errors';
import { AddAgendaItemUseCase } from '../../../libs/meetings/use-cases/add-agenda-item.use-case';
import { ApproveMinutesUseCase } from '../../../libs/meetings/use-cases/approve-minutes.use-case';
import { NameMinutesSignerUseCase } from '../../../libs/meetings/use-cases/name-minutes-signer.use-case';
import { DeclareInterestUseCase } from '../../../libs/meetings/use-cases/declare-interest.use-case';
import { ListMeetingsUseCase } from '../../../libs/meetings/use-cases/list-meetings.use-case';
import { ReadMeetingUseCase } from '../../../libs/meetings/use-cases/read-meeting.use-case';
import { RecordAttendanceUseCase } from '../../../libs/meetings/use-cases/record-attendance.use-case';
import { RecordNoticeRoutesUseCase } from '../../../libs/meetings/use-cases/record-notice-routes.use-case';
import { RecordPublicationUseCase } from '../../../libs/meetings/use-cases/record-publication.use-case';
import { RecordShowOfHandsUseCase } from '../../../libs/meetings/use-cases/record-show-of-hands.use-case';
import { ScheduleMeetingUseCase } from '../../../libs/meetings/use-cases/schedule-meeting.use-case';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import {
  agendaItemInput,
  attendanceField,
  attendanceInput,
  declarationInput,
  type FormBody,
  handField,
  type MeetingFormName,
  minutesInput,
  minutesSignerInput,
  noticeRoutesInput,
  publicationInput,
  scheduleInput,
  showOfHandsInput,
} from './meeting-forms.service';
import {
  formAnchor,
  formErrors,
  meetingDateInput,
  MeetingPageService,
  type MeetingFormError,
} from './meeting-page.service';
import { expired, refusal, statusOf } from './meeting-refusal.service';
import { dayInWords } from './forms/words.service';
import { PageRenderer } from './page-renderer.service';
import { formText, staffActor } from './staff-pages.service';
import { CurrentStaff, type ExpiredForm, StaffForm, StaffPage } from './staff-page.guard';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const meetingId = new ParseUUIDPipe({
  exceptionFactory: () => new MeetingNotFoundError('(not a UUID)'),
});
const itemId = new ParseUUIDPipe({
  exceptionFactory: () => new AgendaItemNotFoundError('(not a UUID)'),
});

/** What the success banner says after each form is recorded. */
const DONE: Record<MeetingFormName, string> = {
  schedule: 'The meeting was scheduled',
  publication: 'The agenda’s publication was recorded',
  attendance: 'Attendance was recorded',
  item: 'The item was added to the agenda',
  routes: 'The notice routes were recorded',
  declaration: 'The declaration of interest was recorded',
  hands: 'The show of hands was recorded',
  minutes: 'The approval of the minutes was recorded',
  minutesSigner: 'The member who presided was asked to sign the minutes',
};

/**
 * Meetings on pages an officer can use in the room: the list and scheduling, and one page per
 * meeting with its agenda, attendance, live quorum, declarations and show of hands per item. Each
 * form posts to the same use case as the meetings API; a refused form shows the GOV.UK error
 * summary with the rule's explanation, and nothing is recorded.
 */
@ApiExcludeController()
@Controller('meetings')
export class MeetingsPageController {
  constructor(
    private readonly scheduling: ScheduleMeetingUseCase,
    private readonly listing: ListMeetingsUseCase,
    private readonly reading: ReadMeetingUseCase,
    private readonly agendaItems: AddAgendaItemUseCase,
    private readonly publication: RecordPublicationUseCase,
    private readonly attendanceRecord: RecordAttendanceUseCase,
    private readonly noticeRoutesRecord: RecordNoticeRoutesUseCase,
    private readonly declarations: DeclareInterestUseCase,
    private readonly showsOfHands: RecordShowOfHandsUseCase,
    private readonly minutes: ApproveMinutesUseCase,
    private readonly minutesSigner: NameMinutesSignerUseCase,
    private readonly page: MeetingPageService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @StaffPage('officer', 'governance_lead')
  async list(
    @Query('body') body: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    await this.renderList(res, staff, typeof body === 'string' && body ? body : undefined);
  }

  @Post()
  @StaffForm<MeetingsPageController>(['officer'], (c, { res, staff }) =>
    c.renderList(res, staff, undefined, expired('schedule', null), 403),
  )
  async schedule(
    @Body() body: FormBody,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    try {
      const id = await this.scheduling.schedule(scheduleInput(body), staffActor(staff));
      res.redirect(303, `/meetings/${id}`);
    } catch (e) {
      const error = refusal(e, 'schedule', null, body);
      await this.renderList(res, staff, undefined, error, statusOf(e));
    }
  }

  @Get(':id')
  @StaffPage('officer', 'governance_lead')
  async show(
    @Param('id', meetingId) id: string,
    @Query('done') done: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const message =
      typeof done === 'string' && Object.hasOwn(DONE, done)
        ? DONE[done as MeetingFormName]
        : undefined;
    await this.render(res, staff, id, undefined, 200, message);
  }

  @Post(':id/publication')
  @StaffForm<MeetingsPageController>(['officer'], (c, f) => c.expiredForm(f, 'publication'))
  publish(
    @Param('id', meetingId) id: string,
    @Body() body: FormBody,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.write(staff, res, id, 'publication', null, body, (actor) =>
      this.publication.record(id, publicationInput(body), actor),
    );
  }

  @Post(':id/attendance')
  @StaffForm<MeetingsPageController>(['officer'], (c, f) => c.expiredForm(f, 'attendance'))
  attendance(
    @Param('id', meetingId) id: string,
    @Body() body: FormBody,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    let entries: ReturnType<typeof attendanceInput> = [];
    return this.write(
      staff,
      res,
      id,
      'attendance',
      null,
      body,
      async (actor) => {
        const { members } = await this.reading.view(actor.tenantId, id);
        entries = attendanceInput(
          body,
          members.map((m) => m.personId),
        );
        await this.attendanceRecord.record(id, entries, actor);
      },
      (path) => attendanceField(path, entries),
    );
  }

  @Post(':id/agenda-items')
  @StaffForm<MeetingsPageController>(['officer'], (c, f) => c.expiredForm(f, 'item'))
  addItem(
    @Param('id', meetingId) id: string,
    @Body() body: FormBody,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.write(staff, res, id, 'item', null, body, (actor) =>
      this.agendaItems.add(id, agendaItemInput(body), actor),
    );
  }

  @Post(':id/agenda-items/:itemId/notice-routes')
  @StaffForm<MeetingsPageController>(['officer'], (c, f) => c.expiredForm(f, 'routes'))
  noticeRoutes(
    @Param('id', meetingId) id: string,
    @Param('itemId', itemId) item: string,
    @Body() body: FormBody,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.write(staff, res, id, 'routes', item, body, (actor) =>
      this.noticeRoutesRecord.record(id, item, noticeRoutesInput(body), actor),
    );
  }

  @Post(':id/agenda-items/:itemId/declarations')
  @StaffForm<MeetingsPageController>(['officer'], (c, f) => c.expiredForm(f, 'declaration'))
  declare(
    @Param('id', meetingId) id: string,
    @Param('itemId', itemId) item: string,
    @Body() body: FormBody,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.write(staff, res, id, 'declaration', item, body, (actor) =>
      this.declarations.declare(id, item, declarationInput(body), actor),
    );
  }

  @Post(':id/agenda-items/:itemId/show-of-hands')
  @StaffForm<MeetingsPageController>(['officer'], (c, f) => c.expiredForm(f, 'hands'))
  showOfHands(
    @Param('id', meetingId) id: string,
    @Param('itemId', itemId) item: string,
    @Body() body: FormBody,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    let hands: { personId: string }[] = [];
    return this.write(
      staff,
      res,
      id,
      'hands',
      item,
      body,
      async (actor) => {
        // Every person in the attendance may have a hand; the use case refuses an excluded voter.
        const { attendance } = await this.reading.view(actor.tenantId, id);
        const input = showOfHandsInput(
          body,
          attendance.map((a) => a.personId),
        );
        hands = input.hands;
        await this.showsOfHands.record(id, item, input, actor);
      },
      (path) => handField(path, hands),
    );
  }

  @Post(':id/minutes-approval')
  @StaffForm<MeetingsPageController>(['officer'], (c, f) => c.expiredForm(f, 'minutes'))
  approveMinutes(
    @Param('id', meetingId) id: string,
    @Body() body: FormBody,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    // The same form's second use: the member who presided, for minutes neither chair can sign.
    // Each approval awaiting who presided has its own form, told apart by the earlier meeting.
    const signer = body.presidingPersonId !== undefined;
    const previous = signer ? formText(body, 'previousMeetingId') : '';
    const item = UUID.test(previous) ? previous : null;
    return this.write(staff, res, id, signer ? 'minutesSigner' : 'minutes', item, body, (a) =>
      signer
        ? this.minutesSigner.name(id, minutesSignerInput(body), a)
        : this.minutes.approve(id, minutesInput(body), a),
    );
  }

  /** A meeting's form posted without the session's token: the meeting's page, saying so. */
  private async expiredForm(
    { res, staff, params }: ExpiredForm,
    form: MeetingFormName,
  ): Promise<void> {
    const id = params.id ?? '';
    const item = params.itemId ?? null;
    if (!UUID.test(id) || (item !== null && !UUID.test(item)))
      return this.pages.html(res, 'not-found.njk', { staff }, 404);
    await this.render(res, staff, id, expired(form, item), 403);
  }

  /** One way every meeting form is recorded (the guards have checked officer and CSRF): the use case, then back to the form. */
  private async write(
    staff: SignedInStaff,
    res: Response,
    id: string,
    form: MeetingFormName,
    item: string | null,
    body: FormBody,
    action: (actor: Actor) => Promise<unknown>,
    /** The form's field a problem's path names, for forms whose fields are named by a person. */
    fieldOf: (path: string) => string = (path) => path,
  ): Promise<void> {
    try {
      await action(staffActor(staff));
      // Named, the member who presided leaves no form of theirs: back to the minutes.
      const anchor =
        form === 'minutesSigner' ? formAnchor('minutes', null) : formAnchor(form, item);
      res.redirect(303, `/meetings/${id}?done=${form}#${anchor}`);
    } catch (e) {
      await this.render(res, staff, id, refusal(e, form, item, body, fieldOf), statusOf(e));
    }
  }

  private async render(
    res: Response,
    staff: SignedInStaff,
    id: string,
    error?: MeetingFormError,
    status = 200,
    done?: string,
  ): Promise<void> {
    try {
      const model = await this.page.model(staff.tenantId, id, error);
      this.pages.html(res, 'meeting.njk', { staff, ...model, done }, status);
    } catch (e) {
      // Another organisation's meeting reads exactly like one that does not exist.
      if (e instanceof MeetingNotFoundError) this.pages.html(res, 'not-found.njk', { staff }, 404);
      else throw e;
    }
  }

  private async renderList(
    res: Response,
    staff: SignedInStaff,
    bodyFilter: string | undefined,
    error?: MeetingFormError,
    status = 200,
  ): Promise<void> {
    const bodies = await this.listing.bodies(staff.tenantId);
    const uuid = /^[0-9a-f-]{36}$/i;
    const filter = bodyFilter && uuid.test(bodyFilter) ? bodyFilter : undefined;
    const { items } = await this.listing.list(staff.tenantId, {
      ...(filter ? { body: filter } : {}),
      limit: 200,
    });
    const values = error?.values ?? {};
    this.pages.html(
      res,
      'meetings.njk',
      {
        staff,
        error,
        ...formErrors(error),
        dateInput: (
          form: MeetingFormName,
          itemId: null,
          name: string,
          legend: string,
          hint?: string,
        ) => meetingDateInput(error, form, itemId, name, legend, hint),
        values,
        filter,
        filterItems: [
          { value: '', text: 'All bodies' },
          ...bodies.map((b) => ({ value: b.id, text: b.name, selected: b.id === filter })),
        ],
        bodyItems: [
          { value: '', text: 'Choose…' },
          ...bodies
            .filter((b) => b.hasRules)
            .map((b) => ({ value: b.id, text: b.name, selected: values.body === b.id })),
        ],
        meetings: items.map((m) => ({
          id: m.id,
          title: m.title,
          body: m.bodyName,
          date: dayInWords(m.meetingDate),
          agenda: m.agendaPublishedOn ? dayInWords(m.agendaPublishedOn) : 'not yet',
        })),
      },
      status,
    );
  }
}
