import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../core/clock.service';
import type { TenantScope } from '../core/tenant-scope';
import { StaffSessionsRepository, type SessionRow } from './staff-sessions.repository';

/**
 * A person's own sessions ("your sessions"): those still open, and ending one or all the others.
 * Only ever the caller's own: the account is part of every statement.
 */
@Injectable()
export class StaffSessionsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly sessions: StaffSessionsRepository,
  ) {}

  async list(scope: TenantScope, accountId: string): Promise<SessionRow[]> {
    return this.sessions.openOf(scope, this.ds.manager, accountId, this.clock.now());
  }

  /** Ends one of the caller's sessions; false when it is not theirs or already ended. */
  async end(scope: TenantScope, accountId: string, sessionId: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return false;
    return this.sessions.endOfAccount(scope, this.ds.manager, accountId, sessionId);
  }

  /** Ends every session of the caller but the one they are using; how many ended. */
  async endOthers(
    scope: TenantScope,
    accountId: string,
    currentSessionId: string,
  ): Promise<number> {
    return this.sessions.endOthers(scope, this.ds.manager, accountId, currentSessionId);
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
