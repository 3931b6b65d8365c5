import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { scopeOf } from '../../../libs/core/tenant-scope';
import { CaseReferenceRepository } from '../../../libs/engine/case-reference.repository';
import { asReference } from '../../../libs/governance/case-reference.service';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { PageRenderer } from './page-renderer.service';
import { CurrentStaff, StaffPage } from './staff-page.guard';

/**
 * /cases/by-reference/SCC-2026-0042: a case found by the reference people read and type (the
 * address emails give, docs/adr/0038), sent on to its page; any other text, or another council's
 * reference, is the same page not found as a mistyped case address.
 */
@ApiExcludeController()
@Controller('cases/by-reference')
export class CaseByReferenceController {
  constructor(
    private readonly ds: DataSource,
    private readonly references: CaseReferenceRepository,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':reference')
  @StaffPage('officer', 'governance_lead')
  async open(
    @Param('reference') typed: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const reference = asReference(typed);
    const id = reference
      ? await this.references.caseIdOf(scopeOf(staff), this.ds.manager, reference)
      : null;
    if (!id) return this.pages.html(res, 'not-found.njk', { staff }, 404);
    res.redirect(303, `/cases/${id}`);
  }
}
