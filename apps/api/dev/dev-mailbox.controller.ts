import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DevMailbox } from '../../../libs/notifications/dev-mailbox.service';
import { PageRenderer } from '../pages/page-renderer.service';
import { whenInWords } from '../pages/forms/words.service';
import { devMailboxMessageJson, wantsJson } from './dev-mailbox.presenter';

/**
 * /dev/mailbox: the emails the development SMTP server received (only when DEV_MAILBOX=true).
 * A browser gets pages; a client sending `Accept: application/json` gets the same messages with
 * the links in their text, so a script follows an approval link without scraping HTML.
 */
@ApiExcludeController()
@Controller('dev/mailbox')
export class DevMailboxController {
  constructor(
    private readonly mailbox: DevMailbox,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response, @Query('to') to?: unknown) {
    const entries = await this.mailbox.list();
    if (wantsJson(req)) {
      // ?to= keeps the messages to one address (a part of it, any case): one person's inbox.
      const wanted = typeof to === 'string' ? to.trim().toLowerCase() : '';
      const chosen = wanted ? entries.filter((m) => m.to.toLowerCase().includes(wanted)) : entries;
      const messages = [];
      for (const entry of chosen) {
        const message = await this.mailbox.read(entry.id);
        if (message) messages.push(devMailboxMessageJson(message));
      }
      res.json({ messages });
      return;
    }
    const messages = entries.map((m) => ({ ...m, received: whenInWords(m.receivedAt) }));
    this.pages.html(res, 'dev-mailbox.njk', { messages });
  }

  @Get(':id')
  async show(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const message = await this.mailbox.read(id);
    if (!message) throw new NotFoundException();
    if (wantsJson(req)) {
      res.json({ ...devMailboxMessageJson(message), html: message.html });
      return;
    }
    // Links in the text part, made clickable: that is how a newcomer follows an approval link.
    const parts = message.text
      .split(/(https?:\/\/\S+)/g)
      .map((p, i) => ({ text: p, link: i % 2 === 1 }));
    this.pages.html(res, 'dev-mailbox-message.njk', { message, parts });
  }
}
