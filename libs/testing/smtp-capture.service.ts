import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMessage {
  messageId: string;
  subject: string;
  /** The To header as text, e.g. `Morgan Hale <morgan.hale@abc.test>`. */
  to: string;
  text: string;
  receivedAt: Date;
}

/**
 * A real SMTP peer for tests: the worker delivers to it over TCP with nodemailer exactly as it
 * would to a relay, and the test reads what arrived. Listens on 127.0.0.1 on a free port.
 */
export class SmtpCapture {
  readonly messages: CapturedMessage[] = [];
  private readonly server: SMTPServer;
  private waiters: (() => void)[] = [];
  private port = 0;
  private refusal: { code: number; text: string } | null = null;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // A worker killed mid-conversation must not keep close() waiting.
      closeTimeout: 1000,
      // A relay that greets and then refuses the sender, as one misconfigured or shutting down does.
      onMailFrom: (_address, _session, callback) => {
        if (!this.refusal) return callback();
        const { code, text } = this.refusal;
        callback(Object.assign(new Error(text), { responseCode: code }));
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const to = Array.isArray(mail.to)
              ? mail.to.map((a) => a.text).join(', ')
              : (mail.to?.text ?? '');
            this.messages.push({
              messageId: mail.messageId ?? '',
              subject: mail.subject ?? '',
              to,
              text: mail.text ?? '',
              receivedAt: new Date(),
            });
            for (const wake of this.waiters) wake();
            callback();
          })
          .catch((e: unknown) => callback(e instanceof Error ? e : new Error(String(e))));
      },
    });
  }

  /** `port` 0 picks a free one; a fixed port lets a test bring a server "back up" where it was. */
  static async start(port = 0): Promise<SmtpCapture> {
    const capture = new SmtpCapture();
    await new Promise<void>((resolve, reject) => {
      capture.server.once('error', reject);
      capture.server.listen(port, '127.0.0.1', () => resolve());
    });
    capture.port = (capture.server.server.address() as AddressInfo).port;
    return capture;
  }

  /** The SMTP_URL a worker delivers to. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** From now on answers every MAIL FROM `code` `text` (554, 421…), still greeting every client. */
  refuse(code: number, text: string): void {
    this.refusal = { code, text };
  }

  /** Takes every message again. */
  accept(): void {
    this.refusal = null;
  }

  /** How many times each Message-ID arrived. */
  countsByMessageId(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.messages) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
    return counts;
  }

  /**
   * Resolves once at least `n` messages have arrived; rejects after `timeoutMs`, a bound on the
   * wait that a loaded 2-core machine (workers starting at load ~20) needs generous.
   */
  async waitForCount(n: number, timeoutMs = 120_000): Promise<CapturedMessage[]> {
    if (this.messages.length >= n) return this.messages;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(
          new Error(
            `expected ${n} messages within ${timeoutMs} ms, got ${this.messages.length}: ${JSON.stringify(this.messages.map((m) => m.subject))}`,
          ),
        );
      }, timeoutMs);
      const check = () => {
        if (this.messages.length < n) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
    return this.messages;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
