import type { Request } from 'express';
import type { MailboxEntry } from '../../../libs/notifications/dev-mailbox.service';

/** A message of the development mailbox as JSON: its headers, its text and the links in it. */
export interface DevMailboxMessageJson extends MailboxEntry {
  /** Where this message is read on its own (as a page, or as JSON with the same Accept). */
  href: string;
  text: string;
  /** Every http(s) address in the text part, in order, each once. */
  links: string[];
}

/** True when the client asked for JSON before HTML (`Accept: application/json`). */
export function wantsJson(req: Request): boolean {
  return req.accepts(['text/html', 'application/json']) === 'application/json';
}

export function devMailboxMessageJson(message: {
  entry: MailboxEntry;
  text: string;
}): DevMailboxMessageJson {
  const links = [...new Set(message.text.match(/https?:\/\/[^\s<>"]+/g) ?? [])];
  return { ...message.entry, href: `/dev/mailbox/${message.entry.id}`, text: message.text, links };
}
