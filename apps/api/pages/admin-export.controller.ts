import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '../../../libs/core/clock.service';
import { scopeOf } from '../../../libs/core/tenant-scope';
import { InvalidInputError } from '../../../libs/errors/domain.errors';
import { ExportAccess } from '../../../libs/export/export-access.service';
import { ExportCouncilUseCase } from '../../../libs/export/export-council.use-case';
import { ExportPersonUseCase } from '../../../libs/export/export-person.use-case';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { archiveName, sendArchive } from '../export/archive-response.service';
import { PageRenderer } from './page-renderer.service';
import { FORM_EXPIRED, formText, staffActor } from './staff-pages.service';
import { CurrentStaff, StaffForm, StaffPage } from './staff-page.guard';

type ErrorItem = { text: string; href: string };

/**
 * /admin/export: an administrator downloads the council's records, or one person's for a subject
 * access request, through the same use cases as /api/exports; each download is recorded.
 */
@ApiExcludeController()
@Controller('admin/export')
export class AdminExportController {
  constructor(
    private readonly access: ExportAccess,
    private readonly council: ExportCouncilUseCase,
    private readonly person: ExportPersonUseCase,
    private readonly pages: PageRenderer,
    private readonly clock: Clock,
  ) {}

  @Get()
  @StaffPage('administrator')
  show(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    this.render(res, staff, {});
  }

  @Post()
  @StaffForm<AdminExportController>(['administrator'], (c, { res, staff }) =>
    c.expired(res, staff, ''),
  )
  async exportCouncil(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    const actor = staffActor(staff);
    const requestedBy = await this.access.requester(actor);
    await sendArchive(res, archiveName('records', this.clock.now()), (r) =>
      this.council.run({ ...r, scope: scopeOf(actor), requestedBy, channel: 'page' }),
    );
  }

  @Post('person')
  @StaffForm<AdminExportController>(['administrator'], (c, { res, staff, body }) =>
    c.expired(res, staff, formText(body, 'email')),
  )
  async exportPerson(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const email = formText(body ?? {}, 'email');
    const actor = staffActor(staff);
    const requestedBy = await this.access.requester(actor);
    try {
      await sendArchive(res, archiveName('person', this.clock.now()), (r) =>
        this.person.run({ ...r, scope: scopeOf(actor), requestedBy, channel: 'page' }, email),
      );
    } catch (e) {
      if (!(e instanceof InvalidInputError)) throw e;
      const errors = e.problems.map((p) => ({ text: p.message, href: '#email' }));
      this.render(res, staff, { email, errors }, 422);
    }
  }

  private expired(res: Response, staff: SignedInStaff, email: string): void {
    this.render(res, staff, { email, errors: [{ text: FORM_EXPIRED, href: '#email' }] }, 400);
  }

  private render(
    res: Response,
    staff: SignedInStaff,
    model: { email?: string; errors?: ErrorItem[] },
    status = 200,
  ): void {
    this.pages.html(res, 'admin-export.njk', { staff, ...model }, status);
  }
}
