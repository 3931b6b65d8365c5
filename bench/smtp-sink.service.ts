import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** What a benchmark's SMTP server has seen, by the local part of each message's Message-ID. */
export interface SmtpSink {
  url: string;
  /** How many times each Message-ID arrived (`<effect-id@…>` is kept as `effect-id`). */
  counts: Map<string, number>;
  /** The domains each Message-ID was sent to. */
  domains: Map<string, Set<string>>;
  close: () => Promise<void>;
}

/**
 * An SMTP server in this process, on a free loopback port, for a benchmark's workers to send to:
 * it counts each Message-ID and keeps the domains it was sent to, and nothing else of the mail.
 */
export async function smtpSink(): Promise<SmtpSink> {
  const counts = new Map<string, number>();
  const domains = new Map<string, Set<string>>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 16_384) head += c.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*<([^@>]+)@/im.exec(head)?.[1] ?? '(none)';
        counts.set(id, (counts.get(id) ?? 0) + 1);
        const to = domains.get(id) ?? new Set<string>();
        for (const r of session.envelope.rcptTo) to.add(r.address.split('@')[1] ?? '');
        domains.set(id, to);
        callback();
      });
    },
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    counts,
    domains,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
