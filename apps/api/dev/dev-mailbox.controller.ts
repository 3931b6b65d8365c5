import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DevMailbox } from '../../../libs/notifications/dev-mailbox.service';
import { PageRenderer } from '../pages/page-renderer.service';
import { whenInWords } from '../pages/forms/words.service';

/** /dev/mailbox: the emails the development SMTP server received (only when DEV_MAILBOX=true). */
@ApiExcludeController()
@Controller('dev/mailbox')
export class DevMailboxController {
  constructor(
    private readonly mailbox: DevMailbox,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(@Res() res: Response) {
    const messages = (await this.mailbox.list()).map((m) => ({
      ...m,
      received: whenInWords(m.receivedAt),
    }));
    this.pages.html(res, 'dev-mailbox.njk', { messages });
  }

  @Get(':id')
  async show(@Param('id') id: string, @Res() res: Response) {
    const message = await this.mailbox.read(id);
    if (!message) throw new NotFoundException();
    // Links in the text part, made clickable: that is how a newcomer follows an approval link.
    const parts = message.text
      .split(/(https?:\/\/\S+)/g)
      .map((p, i) => ({ text: p, link: i % 2 === 1 }));
    this.pages.html(res, 'dev-mailbox-message.njk', { message, parts });
  }
}
