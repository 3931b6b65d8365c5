import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Clock } from '../../../libs/core/clock.service';
import { scopeOf } from '../../../libs/core/tenant-scope';
import { InvalidInputError } from '../../../libs/errors/domain.errors';
import { ExportAccess } from '../../../libs/export/export-access.service';
import { ExportCouncilUseCase } from '../../../libs/export/export-council.use-case';
import { ExportPersonUseCase } from '../../../libs/export/export-person.use-case';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { archiveName, sendArchive } from '../export/archive-response.service';
import { PageRenderer } from './page-renderer.service';
import { FORM_EXPIRED, StaffPages, formText, staffActor } from './staff-pages.service';

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
    private readonly staffPages: StaffPages,
    private readonly clock: Clock,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response) {
    const staff = await this.staffPages.require(req, res, ['administrator']);
    if (!staff) return;
    this.render(res, staff, {});
  }

  @Post()
  async exportCouncil(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    const staff = await this.staffPages.require(req, res, ['administrator']);
    if (!staff) return;
    if (!this.staffPages.csrfOk(staff, body)) return this.expired(res, staff, '');
    const actor = staffActor(staff);
    const requestedBy = await this.access.requester(actor);
    await sendArchive(res, archiveName('records', this.clock.now()), (r) =>
      this.council.run({ ...r, scope: scopeOf(actor), requestedBy, channel: 'page' }),
    );
  }

  @Post('person')
  async exportPerson(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const staff = await this.staffPages.require(req, res, ['administrator']);
    if (!staff) return;
    const email = formText(body ?? {}, 'email');
    if (!this.staffPages.csrfOk(staff, body)) return this.expired(res, staff, email);
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
