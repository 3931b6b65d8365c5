import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DirectoryChangeRepository } from '../directory/directory-change.repository';
import type { LocalPasswords } from './sign-in-policy.entity';
import { tenantScope } from '../core/tenant-scope';

/** The directory chain's subjects for changes of how the council's staff sign in. */
export const PROVIDER_SUBJECT = 'signInProvider';
export const PASSWORDS_SUBJECT = 'signInPasswords';

/** Words recorded for the client secret: whether it changed, never the secret nor where it is. */
export const SECRET_BEFORE = 'the secret before';
export const SECRET_NEW = 'a new secret';

/**
 * A provider's settings as the council's record keeps them. The client secret is not in Ratify's
 * database at all (only the name of the setting that holds it); the record says only whether
 * that changed, so that the record can be shown and exported without care.
 */
export interface RecordedProvider {
  organisationName: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: typeof SECRET_BEFORE | typeof SECRET_NEW;
  emailDomains: string[];
  verifiedEmailClaim: string;
  enabled: boolean;
}

export interface SignInChange {
  /** When it was saved (ISO instant). */
  at: string;
  by: string;
  subject: typeof PROVIDER_SUBJECT | typeof PASSWORDS_SUBJECT;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

type Who = { tenantId: string; personId: string; name: string; at: Date };
type Saved = Omit<RecordedProvider, 'clientSecret'> & { clientSecretSetting: string };

/**
 * Who changed the council's single sign-on and password settings, when, before and after: in the
 * tenant's hash-chained directory record, as the council's other settings are
 * (libs/directory/council-settings.use-case.ts), in the transaction of the change.
 */
@Injectable()
export class SignInChanges {
  constructor(private readonly changes: DirectoryChangeRepository) {}

  /** A provider connected (before null) or changed; nothing is recorded when nothing changed. */
  async provider(
    m: EntityManager,
    who: Who,
    providerId: string,
    before: Saved | null,
    after: Saved,
  ): Promise<void> {
    const recorded = (p: Saved, clientSecret: RecordedProvider['clientSecret']) => ({
      organisationName: p.organisationName,
      name: p.name,
      issuer: p.issuer,
      clientId: p.clientId,
      clientSecret,
      emailDomains: p.emailDomains,
      verifiedEmailClaim: p.verifiedEmailClaim,
      enabled: p.enabled,
    });
    const was = before && recorded(before, SECRET_BEFORE);
    const now = recorded(
      after,
      before && before.clientSecretSetting === after.clientSecretSetting
        ? SECRET_BEFORE
        : SECRET_NEW,
    );
    if (was && JSON.stringify(was) === JSON.stringify(now)) return;
    await this.record(m, who, PROVIDER_SUBJECT, providerId, was ? 'changed' : 'created', was, now);
  }

  /** Who may sign in with a password, changed. */
  async passwords(
    m: EntityManager,
    who: Who,
    before: LocalPasswords,
    after: LocalPasswords,
  ): Promise<void> {
    if (before === after) return;
    await this.record(
      m,
      who,
      PASSWORDS_SUBJECT,
      who.tenantId,
      'changed',
      { localPasswords: before },
      { localPasswords: after },
    );
  }

  /** The council's changes to its sign-in, newest first. */
  async list(m: EntityManager, tenantId: string, limit = 50): Promise<SignInChange[]> {
    const providers = await this.changes.list(tenantScope(tenantId), m, {
      subject: PROVIDER_SUBJECT,
      limit,
    });
    const passwords = await this.changes.list(tenantScope(tenantId), m, {
      subject: PASSWORDS_SUBJECT,
      limit,
    });
    return [...providers, ...passwords]
      .sort((a, b) => b.seq - a.seq)
      .slice(0, limit)
      .map((c) => ({
        at: c.recordedAt,
        by: (c.actor as { name?: string }).name ?? 'an administrator',
        subject: c.subject as SignInChange['subject'],
        action: c.action,
        before: c.before as Record<string, unknown> | null,
        after: c.after as Record<string, unknown> | null,
      }));
  }

  private async record(
    m: EntityManager,
    who: Who,
    subject: string,
    subjectId: string,
    action: string,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    await this.changes.record(tenantScope(who.tenantId), m, {
      at: who.at,
      actor: { kind: 'person', personId: who.personId, name: who.name },
      subject,
      subjectId,
      action,
      before,
      after,
    });
  }
}
