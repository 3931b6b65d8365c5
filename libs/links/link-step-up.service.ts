import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { acrossCouncils } from '../core/across-councils';
import { Clock } from '../core/clock.service';
import { IdentityProviderRepository } from '../staff/identity-provider.repository';
import { clientConfigOf } from '../staff/oidc-sign-in.use-case';
import { stepUpRequiredFor } from '../workflows/step-up.declarations';
import { templateOfCase } from '../workflows/case-template.service';
import type { StepUpMethod } from './link-step-up.entity';
import { LinkStepUpRepository, StepUpLink } from './link-step-up.repository';
import { LinkStepUpRequiredError } from './link.errors';
import { LinkTokens } from './link-token.service';
import { scopeOf, tenantScope, type TenantScope } from '../core/tenant-scope';

/** A proof lets its browser answer its link for this long: enough to read the papers again. */
export const STEP_UP_VALID_MINUTES = 30;

/** Where a link's step-up stands for one browser, for its page. */
export interface StepUpStatus {
  /** What the answer is, in words ("signing the Decision Notice"); null: no step-up needed. */
  what: string | null;
  /** How this person proves who they are: their organisation's provider when it is set up. */
  by: { method: 'organisation-sign-in'; providerName: string } | { method: 'emailed-code' };
  verified: { method: StepUpMethod; at: Date; email: string } | null;
}

/** The evidence an answer carries of the step-up before it (audit record, certificate). */
export interface StepUpEvidence {
  method: StepUpMethod;
  verifiedAt: string;
  email: string;
  provider?: string;
}

export const browserKeyHash = (key: string) => createHash('sha256').update(key).digest('hex');
export const newBrowserKey = () => randomBytes(32).toString('base64url');
export const isBrowserKey = (key: unknown): key is string =>
  typeof key === 'string' && /^[A-Za-z0-9_-]{43}$/.test(key);

/**
 * The step-up requirement of a link's request (libs/workflows/step-up.declarations.ts, ADR 0016),
 * where it stands for a browser, and the check in the answer's transaction: before the event
 * reaches the engine, a request that needs a step-up is answered only by the browser that proved
 * who it is, once, within half an hour of the proof.
 */
@Injectable()
export class LinkStepUps {
  constructor(
    private readonly repo: LinkStepUpRepository,
    private readonly providers: IdentityProviderRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * What the answer is, when the link's request needs a step-up; null otherwise. A case on a
   * template version this build lacks is refused (TEMPLATE_VERSION_NOT_IN_THIS_BUILD, 503): whether
   * its request needs a step-up is that version's to say, not "no".
   */
  static requirementOf(link: {
    caseId: string;
    templateId: string;
    templateVersion: number;
    request: string;
    role: string;
  }): string | null {
    const template = templateOfCase(link.caseId, link.templateId, link.templateVersion);
    return stepUpRequiredFor(template, link.request, link.role);
  }

  /** The provider of the person's organisation, when it is enabled and its secret is set. */
  async providerFor(link: StepUpLink) {
    if (!link.organisationId) return null;
    const p = await this.providers.forOrganisation(tenantScope(link.tenantId), link.organisationId);
    return p && clientConfigOf(p) ? p : null;
  }

  /** Where the step-up of the link with this token stands for this browser. */
  async statusFor(token: string, browserKey: string | undefined): Promise<StepUpStatus | null> {
    const link = /^[A-Za-z0-9_-]{43}$/.test(token)
      ? await this.repo.linkByTokenHash(acrossCouncils('council look-up'), LinkTokens.hash(token))
      : null;
    return link ? this.status(link, browserKey) : null;
  }

  async status(link: StepUpLink, browserKey: string | undefined): Promise<StepUpStatus> {
    const what = LinkStepUps.requirementOf(link);
    const provider = what ? await this.providerFor(link) : null;
    const verified =
      what && isBrowserKey(browserKey)
        ? await this.repo.verifiedFor(
            scopeOf(link),
            link.id,
            browserKeyHash(browserKey),
            this.since(),
          )
        : null;
    return {
      what,
      by: provider
        ? { method: 'organisation-sign-in', providerName: provider.name }
        : { method: 'emailed-code' },
      verified: verified
        ? { method: verified.method, at: verified.verifiedAt, email: verified.email }
        : null,
    };
  }

  /**
   * In the answer's transaction: the evidence of this browser's proof, taken for this answer; or
   * LinkStepUpRequiredError, and nothing is recorded. Null when the request needs no step-up.
   */
  async takeFor(
    scope: TenantScope,
    m: EntityManager,
    link: {
      id: string;
      caseId: string;
      request: string;
      role: string;
      templateId: string;
      templateVersion: number;
    },
    browserKey: string | null | undefined,
  ): Promise<StepUpEvidence | null> {
    const what = LinkStepUps.requirementOf(link);
    if (!what) return null;
    const proof = isBrowserKey(browserKey)
      ? await this.repo.verifiedFor(scope, link.id, browserKeyHash(browserKey), this.since(), m)
      : null;
    if (!proof) throw new LinkStepUpRequiredError(what);
    await this.repo.markAnswered(scope, m, proof.id, this.clock.now());
    const provider = proof.providerId
      ? await this.providers.byId(scope, proof.providerId, m)
      : null;
    return {
      method: proof.method,
      verifiedAt: new Date(proof.verifiedAt).toISOString(),
      email: proof.email,
      ...(provider ? { provider: provider.name } : {}),
    };
  }

  private since(): Date {
    return new Date(this.clock.now().getTime() - STEP_UP_VALID_MINUTES * 60_000);
  }
}
