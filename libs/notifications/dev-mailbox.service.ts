import type { ParsedMail } from 'mailparser';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SMTPServer } from 'smtp-server';

/*
 * smtp-server and mailparser are loaded when first used (the mailbox started, a message read), not
 * with this file: every process imports it, most never start it, and mailparser alone (with the
 * character sets and HTML libraries it brings) is about 5 MB of heap (issue #21).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- loaded when first used (above) */
const smtpServer = () => (require('smtp-server') as typeof import('smtp-server')).SMTPServer;
const simpleParser = (source: Buffer): Promise<ParsedMail> =>
  (require('mailparser') as typeof import('mailparser')).simpleParser(source);
/* eslint-enable @typescript-eslint/no-require-imports */

export interface MailboxEntry {
  id: string;
  receivedAt: string;
  from: string;
  to: string;
  subject: string;
  messageId: string;
}

/**
 * Development only: a real SMTP server inside the app that keeps every message it receives as an
 * .eml file, so a newcomer can read the emails the engine sends and click their links.
 */
export class DevMailbox {
  private server: SMTPServer | null = null;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async start(port: number): Promise<void> {
    const Server = smtpServer();
    this.server = new Server({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 10 * 1024 * 1024,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const id = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
          writeFileSync(join(this.dir, `${id}.eml`), Buffer.concat(chunks));
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  async list(): Promise<MailboxEntry[]> {
    const files = readdirSync(this.dir)
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .reverse();
    return Promise.all(files.map(async (f) => this.entry(f.replace(/\.eml$/, ''))));
  }

  async read(id: string) {
    if (!/^[0-9a-z-]+$/.test(id)) return null;
    try {
      const parsed = await simpleParser(readFileSync(join(this.dir, `${id}.eml`)));
      return {
        entry: await this.entry(id),
        text: parsed.text ?? '',
        html: typeof parsed.html === 'string' ? parsed.html : null,
      };
    } catch {
      return null;
    }
  }

  private async entry(id: string): Promise<MailboxEntry> {
    const parsed = await simpleParser(readFileSync(join(this.dir, `${id}.eml`)));
    const to = Array.isArray(parsed.to)
      ? parsed.to.map((a) => a.text).join(', ')
      : (parsed.to?.text ?? '');
    return {
      id,
      receivedAt: new Date(Number(id.split('-')[0])).toISOString(),
      from: parsed.from?.text ?? '',
      to,
      subject: parsed.subject ?? '',
      messageId: parsed.messageId ?? '',
    };
  }
}
