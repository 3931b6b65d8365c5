import { createTransport } from 'nodemailer';

/** Whether the SMTP server answers, asked at most once per `cacheMs` so probes do not hammer it. */
export class SmtpProbe {
  private last: { at: number; result: Promise<string | null> } | null = null;

  constructor(
    private readonly smtpUrl: string | undefined,
    private readonly cacheMs = 30_000,
    private readonly timeoutMs = 3_000,
  ) {}

  get configured(): boolean {
    return this.smtpUrl !== undefined;
  }

  /** null when the server greeted us, else why not (the URL and its password never appear). */
  check(now = Date.now()): Promise<string | null> {
    if (!this.smtpUrl) return Promise.resolve(null);
    if (this.last && now - this.last.at < this.cacheMs) return this.last.result;
    // nodemailer reads a URL's query as transport options (numbers as numbers).
    const t = this.timeoutMs;
    const timeouts = `connectionTimeout=${t}&greetingTimeout=${t}&socketTimeout=${t}`;
    const transport = createTransport(
      `${this.smtpUrl}${this.smtpUrl.includes('?') ? '&' : '?'}${timeouts}`,
    );
    const result = transport.verify().then(
      () => null,
      (e: unknown) => `SMTP server did not answer: ${(e as { code?: string }).code ?? 'error'}`,
    );
    void result.finally(() => transport.close());
    this.last = { at: now, result };
    return result;
  }
}
