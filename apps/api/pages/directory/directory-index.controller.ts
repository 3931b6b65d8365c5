import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { directoryIndexPage } from './directory-index.presenter';
import { DirectoryPages } from './directory-pages.service';
import { CurrentStaff, StaffPage } from '../staff-page.guard';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';

/** The directory's front page: officers and governance leads read, administrators change. */
@ApiExcludeController()
@Controller('directory')
export class DirectoryIndexController {
  constructor(private readonly dir: DirectoryPages) {}

  @Get()
  @StaffPage('officer', 'governance_lead')
  async show(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    this.dir.html(res, 'directory/index.njk', directoryIndexPage(staff));
  }
}
