import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../core/clock.service';

export interface SessionRow {
  id: string;
  method: string;
  providerName: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date | null;
}

/**
 * A person's own sessions ("your sessions"): those still open, and ending one or all the others.
 * Only ever the caller's own: the account is part of every statement.
 */
@Injectable()
export class StaffSessionsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(accountId: string): Promise<SessionRow[]> {
    return this.ds.query(
      `SELECT s.id, s.method, ip.name AS "providerName", s.user_agent AS "userAgent",
              s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt"
         FROM staff_sessions s
         LEFT JOIN identity_providers ip ON s.method = 'oidc:' || ip.id::text
        WHERE s.account_id = $1 AND s.expires_at > $2
        ORDER BY coalesce(s.last_seen_at, s.created_at) DESC`,
      [accountId, this.clock.now()],
    );
  }

  /** Ends one of the caller's sessions; false when it is not theirs or already ended. */
  async end(accountId: string, sessionId: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return false;
    const [, n]: [unknown, number] = await this.ds.query(
      'DELETE FROM staff_sessions WHERE id = $1 AND account_id = $2',
      [sessionId, accountId],
    );
    return n > 0;
  }

  /** Ends every session of the caller but the one they are using; how many ended. */
  async endOthers(accountId: string, currentSessionId: string): Promise<number> {
    const [, n]: [unknown, number] = await this.ds.query(
      'DELETE FROM staff_sessions WHERE account_id = $1 AND id <> $2',
      [accountId, currentSessionId],
    );
    return n;
  }
}

/** "Firefox on Windows", "Safari on iPhone": enough to recognise a session, no more. */
export function deviceInWords(userAgent: string | null): string {
  if (!userAgent) return 'An unknown browser';
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? 'Microsoft Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\/|CriOS\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : null;
  const system = /iPhone/.test(ua)
    ? 'iPhone'
    : /iPad/.test(ua)
      ? 'iPad'
      : /Android/.test(ua)
        ? 'Android'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Mac OS X|Macintosh/.test(ua)
            ? 'a Mac'
            : /CrOS/.test(ua)
              ? 'a Chromebook'
              : /Linux/.test(ua)
                ? 'Linux'
                : null;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? (system ? `A browser on ${system}` : 'An unknown browser');
}

/** "3 December 2026 at 9:05pm", in London time. */
export function timeInWords(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
    timeZone: 'Europe/London',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const hour = part('hour') === '0' ? '12' : part('hour');
  return `${part('day')} ${part('month')} ${part('year')} at ${hour}:${part('minute')}${part('dayPeriod').toLowerCase().replace(/\s|\./g, '')}`;
}
