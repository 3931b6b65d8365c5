import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { ManualClock } from '../core/clock.service';
import { DevMailbox } from '../notifications/dev-mailbox.service';
import { OutboxDeliveryService } from '../notifications/outbox-delivery.service';
import { launchChromium } from './browser.service';
import { testAppHarness } from './test-app.service';
import type { TestDatabase } from './test-database.service';

/*
 * An app as `npm start` runs it for a newcomer (test/*-browser.e2e-spec.ts and the development
 * mailbox's specs): its emails delivered over SMTP to the development mailbox, listening on a port
 * of its own, and, when asked, Chromium to drive its pages.
 */

/** A TCP port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface MailboxApp {
  db: TestDatabase;
  app: INestApplication;
  mailbox: DevMailbox;
  /** Where the app listens (http://127.0.0.1:<port>), when it does. */
  origin: string;
  browser: Browser | undefined;
}

/** A message as the development mailbox lists it (GET /dev/mailbox as JSON). */
export interface MailboxMessage {
  href: string;
  subject: string;
  links: string[];
}

export interface MailboxAppOptions {
  clock: ManualClock;
  /** Settings beside SMTP_URL (PUBLIC_ORIGIN, say). */
  env?: Record<string, string>;
  /** Before the app is built: the council's directory and staff accounts. */
  before?: (ds: DataSource) => Promise<unknown>;
  /** After the app is built, before it listens: the demo seeded through its use cases, say. */
  seed?: (app: INestApplication, ds: DataSource) => Promise<unknown>;
  /** Listen on a port (for a browser) or not (supertest needs none). */
  listen?: boolean;
  /** Launch Chromium. */
  browser?: boolean;
}

/** Opens the spec file's database, mailbox, app and browser before its tests, closes them after. */
export function mailboxAppHarness(o: MailboxAppOptions) {
  let mailboxDir: string | undefined;
  const ready: () => MailboxApp = testAppHarness({
    what: 'the app',
    beforeApp: async (db) => {
      await o.before?.(db.ds);
      mailboxDir = mkdtempSync(join(tmpdir(), 'ratify-mailbox-'));
      const mailbox = new DevMailbox(mailboxDir);
      const port = await freePort();
      await mailbox.start(port);
      return { mailbox, port, origin: '', browser: undefined as Browser | undefined };
    },
    clock: o.clock,
    env: ({ port }) => ({ SMTP_URL: `smtp://127.0.0.1:${port}`, ...o.env }),
    devMailbox: ({ mailbox }) => mailbox,
    afterApp: async (t) => {
      await o.seed?.(t.app, t.db.ds);
      if (o.listen ?? o.browser) {
        await t.app.listen(0, '127.0.0.1');
        t.origin = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
      }
      if (o.browser) t.browser = await launchChromium();
    },
    closeBeforeApp: async (t) => {
      await t.browser?.close();
    },
    closeAfterApp: async (t) => {
      await t.mailbox.stop();
      if (mailboxDir) rmSync(mailboxDir, { recursive: true, force: true });
    },
  });

  /** A page of its own (cookies apart from every other page's). */
  async function newPage(): Promise<Page> {
    const { browser } = ready();
    if (!browser) throw new Error('ask for the browser: mailboxAppHarness({ browser: true })');
    return (await browser.newContext({ bypassCSP: true })).newPage();
  }

  /** A page signed in as a member of staff, on their cases page. */
  async function signIn(email: string, password: string): Promise<Page> {
    const page = await newPage();
    const { origin } = ready();
    await page.goto(`${origin}/sign-in`);
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/cases`);
    return page;
  }

  /** The worker's delivery run, as `npm start` runs it every few seconds. */
  const deliver = () => ready().app.get(OutboxDeliveryService).deliverDue();

  /** The newest message to `email` with `subject`, as the mailbox lists it. */
  async function messageTo(email: string, subject: RegExp): Promise<MailboxMessage> {
    const res = await request(ready().app.getHttpServer())
      .get('/dev/mailbox')
      .query({ to: email })
      .set('Accept', 'application/json')
      .expect(200);
    const found = (res.body.messages as MailboxMessage[]).find((m) => subject.test(m.subject));
    if (!found) throw new Error(`no message to ${email} matching ${subject}`);
    return found;
  }

  return { ready, newPage, signIn, deliver, messageTo };
}
