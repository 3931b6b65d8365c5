import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { acrossCouncils } from '../core/across-councils';
import { DirectoryRepository } from '../directory/directory.repository';
import { Clock } from '../core/clock.service';
import { notYet, type NotYet } from '../engine/recorded-dates.check';
import { SendEventUseCase } from '../engine/send-event.use-case';
import { DomainError, GovernanceRuleError } from '../errors/domain.errors';
import { londonDate } from '../governance/working-day-calendar.service';
import type { LinkAnswers } from '../workflows/template-emails';
import { templateOfCase } from '../workflows/case-template.service';
import {
  LinkAlreadyUsedError,
  LinkFormError,
  LinkRefusedError,
  type LinkSettled,
  LinkStepUpRequiredError,
  LinkUnavailableError,
} from './link.errors';
import { commitEvidence, type PersonalEvidence } from '../audit/evidence-commitment.service';
import { ResponseEvidenceRepository } from '../audit/response-evidence.repository';
import { checkAnswerBox } from './link-answer-box';
import { LinkStepUps, type StepUpEvidence } from './link-step-up.service';
import { LinkTokens } from './link-token.service';
import { tenantScope, type TenantScope } from '../core/tenant-scope';
import { ActionLinkRepository, type LinkRow } from './action-link.repository';

export type { LinkRow };

export type LinkResponse = 'approve' | 'approveWithComments' | 'reject' | 'declareInterest';

export interface LinkPage {
  link: LinkRow;
  csrf: string;
  caseTitle: string;
  actingAs: string;
  personName: string;
  summary: string;
  deadline: string | null;
  /** What the request asks the person to agree, in the template's words. */
  details: { label: string; value: string }[];
  /** The page's heading for this request, if the template words one (`emails.linkCaptions`). */
  caption: string | null;
  /**
   * Why the request cannot be agreed yet and from when (the decision not before its meeting),
   * by the rule the engine would refuse the answer with; null when it can be answered today.
   */
  notYet: NotYet | null;
  /** The answer is shown in words to check before it is recorded (`emails.linkChecksFirst`). */
  checkFirst: boolean;
  /** The answers in the template's words, when they are not an approval (`emails.linkAnswers`). */
  answers: LinkAnswers | null;
}

export interface LinkForm {
  csrf?: string;
  response?: string;
  comments?: string;
  reasons?: string;
  interest?: string;
}

export interface ClientEvidence {
  ip: string | null;
  userAgent: string | null;
  /** The key in the browser's step-up cookie, if any (never recorded: only its proof is). */
  browserKey?: string | null;
}

/**
 * What a one-time link does: shows the request (changing nothing), and records the person's answer
 * once, atomically, through the engine's send path with the evidence of how it arrived.
 */
@Injectable()
export class RespondToLinkUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly tokens: LinkTokens,
    private readonly send: SendEventUseCase,
    private readonly stepUps: LinkStepUps,
    private readonly directory: DirectoryRepository,
    private readonly links: ActionLinkRepository,
  ) {}

  /** The confirmation page's facts. Records the view (for the certificate), never a response. */
  async view(token: string, method: string, client: ClientEvidence): Promise<LinkPage> {
    const link = await this.find(this.ds.manager, token);
    if (!link) throw new LinkUnavailableError('unknown');
    await this.logView(link, method, client);
    if (link.status === 'consumed' && link.outcome?.response)
      throw new LinkAlreadyUsedError({
        response: link.outcome.response,
        recordedAt: link.outcome.recordedAt ?? '',
        words: await this.answerWords(this.ds.manager, link, link.outcome.response),
      });
    if (link.status !== 'open') throw new LinkUnavailableError('closed', settledOf(link));
    return this.page(link);
  }

  /**
   * For a request whose answer is checked first: the answer as the form says it, to show in words;
   * nothing is recorded (the attempt is kept with the link's views). Null for any other request,
   * and for a link that is not open (respond says why).
   */
  async check(
    token: string,
    form: LinkForm,
    client: ClientEvidence,
  ): Promise<{ page: LinkPage; response: LinkResponse } | null> {
    const link = await this.find(this.ds.manager, token);
    if (!link || link.status !== 'open') return null;
    const template = await this.templateOf(this.ds.manager, link);
    if (template.emails.linkChecksFirst?.[link.request] !== true) return null;
    let response: LinkResponse;
    try {
      response = this.checkForm(link, form, template.emails.linkAnswers?.[link.request]);
    } catch (e) {
      if (e instanceof LinkFormError)
        await this.logView(link, `POST refused: ${e.problem}`, client);
      throw e;
    }
    await this.logView(link, 'POST (answer shown to check)', client);
    return { page: await this.page(link), response };
  }

  async respond(
    token: string,
    form: LinkForm,
    client: ClientEvidence,
  ): Promise<{ page: LinkPage; response: LinkResponse; recordedAt: string }> {
    const at = this.clock.now();
    try {
      return await this.ds.transaction(async (m) => {
        const seen = await this.find(m, token);
        if (!seen) throw new LinkUnavailableError('unknown');
        // The case row first, then its link: the order every send takes them in.
        await this.links.lockCase(scopeOfLink(seen), m, seen.case_id);
        const link = await this.links.lockByTokenHash(scopeOfLink(seen), m, LinkTokens.hash(token));
        if (!link) throw new LinkUnavailableError('unknown');
        if (link.status === 'consumed' && link.outcome?.response) {
          throw new LinkAlreadyUsedError({
            response: link.outcome.response,
            recordedAt: link.outcome.recordedAt ?? '',
            words: await this.answerWords(m, link, link.outcome.response),
          });
        }
        if (link.status !== 'open') throw new LinkUnavailableError('closed', settledOf(link));
        const template = await this.templateOf(m, link);
        const response = this.checkForm(link, form, template.emails.linkAnswers?.[link.request]);
        const responses = template.linkResponses[link.role];
        const type =
          response === 'reject'
            ? responses.reject
            : response === 'declareInterest'
              ? responses.declareInterest!
              : responses.approve;
        const payload: Record<string, unknown> =
          response === 'reject'
            ? { reasons: form.reasons!.trim() }
            : response === 'approveWithComments'
              ? { comments: form.comments!.trim() }
              : response === 'declareInterest'
                ? // From a link, a declared interest withdraws the person: treated as disclosable pecuniary.
                  { nature: 'disclosablePecuniary', details: form.interest!.trim() }
                : {};
        const person = await this.directory.person(scopeOfLink(link), m, link.person_id);
        if (!person) throw new LinkUnavailableError('no-authority');
        // Before the engine: a request that needs a step-up records nothing without this browser's proof.
        const stepUp = await this.stepUps.takeFor(
          scopeOfLink(link),
          m,
          {
            ...link,
            caseId: link.case_id,
            templateId: template.id,
            templateVersion: template.version,
          },
          client.browserKey,
        );
        // The personal evidence goes beside the chain, the chain's link holds a commitment to
        // it (docs/adr/0020): retention can then erase it and the chain still verifies.
        const personal: PersonalEvidence = {
          ip: client.ip ?? null,
          userAgent: client.userAgent ?? null,
          ...(stepUp ? { stepUpEmail: stepUp.email } : {}),
        };
        const { salt, onChain } = commitEvidence(personal);
        try {
          const sent = await this.send.send(
            link.case_id,
            { type, as: link.role, payload },
            { kind: 'person', tenantId: link.tenant_id, person },
            {
              manager: m,
              evidence: {
                channel: 'email-link',
                linkId: link.id,
                response,
                receivedAt: at.toISOString(),
                personal: onChain,
                documents: link.document_hashes,
                ...(stepUp ? { stepUp: withoutEmail(stepUp) } : {}),
              },
            },
          );
          await ResponseEvidenceRepository.record(scopeOfLink(link), m, {
            caseId: link.case_id,
            seq: sent.version,
            linkId: link.id,
            content: personal,
            salt,
            at,
          });
        } catch (e) {
          if (
            e instanceof DomainError &&
            (e.code === 'EVENT_NOT_ALLOWED' || e.code === 'NOT_AUTHORISED')
          ) {
            throw new LinkUnavailableError(e.code === 'NOT_AUTHORISED' ? 'no-authority' : 'closed');
          }
          if (e instanceof GovernanceRuleError)
            throw new LinkRefusedError(
              String(e.extra.rule),
              e.detail,
              (e.extra.explanation as string[] | undefined) ?? [],
            );
          throw e;
        }
        await this.links.consume(scopeOfLink(link), m, {
          linkId: link.id,
          at,
          outcome: { response, recordedAt: at.toISOString() },
        });
        return {
          page: await this.page({ ...link, status: 'consumed' }, m),
          response,
          recordedAt: at.toISOString(),
        };
      });
    } catch (e) {
      // A refused attempt changes nothing, but is kept with the link's views as evidence.
      if (
        e instanceof LinkFormError ||
        e instanceof LinkUnavailableError ||
        e instanceof LinkRefusedError ||
        e instanceof LinkStepUpRequiredError
      ) {
        const link = await this.find(this.ds.manager, token);
        const why =
          e instanceof LinkFormError
            ? e.problem
            : e instanceof LinkRefusedError
              ? e.rule
              : e instanceof LinkStepUpRequiredError
                ? 'step-up required'
                : e.reason;
        if (link) await this.logView(link, `POST refused: ${why}`, client);
      }
      throw e;
    }
  }

  private checkForm(link: LinkRow, form: LinkForm, answers?: LinkAnswers): LinkResponse {
    const expected = Buffer.from(this.tokens.csrfFor(link.id));
    const given = Buffer.from(form.csrf ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new LinkFormError(
        'The form has expired or did not come from this page. Open the link from your email again.',
      );
    }
    const response = form.response ?? '';
    if (!link.allowed_responses.includes(response))
      throw new LinkFormError('Choose one of the answers offered.');
    checkAnswerBox(response, form, answers);
    return response as LinkResponse;
  }

  private async find(m: EntityManager, token: string): Promise<LinkRow | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    return this.links.byTokenHash(acrossCouncils('council look-up'), m, LinkTokens.hash(token));
  }

  private async logView(link: LinkRow, method: string, client: ClientEvidence): Promise<void> {
    await this.links.logView(scopeOfLink(link), this.ds.manager, {
      linkId: link.id,
      method: method.slice(0, 200),
      at: this.clock.now(),
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 500) ?? null,
    });
  }

  private async templateOf(m: EntityManager, link: LinkRow) {
    const c = await this.links.caseTemplate(scopeOfLink(link), m, link.case_id);
    if (!c) throw new Error(`link ${link.id}'s case ${link.case_id} is not in its council`);
    return templateOfCase(link.case_id, c.template_id, c.template_version);
  }

  /** What an answer to this link's request is in the template's words, if it words it. */
  private async answerWords(m: EntityManager, link: LinkRow, response: string) {
    const answers = (await this.templateOf(m, link)).emails.linkAnswers?.[link.request];
    return answers?.[response as keyof LinkAnswers]?.answer ?? null;
  }

  private async page(link: LinkRow, m: EntityManager = this.ds.manager): Promise<LinkPage> {
    const c = await this.links.caseOfPage(scopeOfLink(link), m, link.case_id);
    if (!c) throw new Error(`link ${link.id}'s case ${link.case_id} is not in its council`);
    const template = await this.templateOf(m, link);
    const today = londonDate(this.clock.now());
    const holders = await this.directory.roleHolders(
      scopeOfLink(link),
      m,
      c.roles,
      c.created_by,
      today,
      template.roleWords,
    );
    const agree = template.linkResponses[link.role]?.approve;
    return {
      link,
      csrf: this.tokens.csrfFor(link.id),
      caseTitle: c.title,
      actingAs: holders[link.role]?.actingAs ?? link.role,
      personName: holders[link.role]?.person?.name ?? '',
      summary: c.summary,
      deadline: template.deadlineFor(link.request, c.snapshot.context),
      details: template.requestDetails?.(link.request, c.snapshot.context) ?? [],
      caption: template.emails.linkCaptions?.[link.request] ?? null,
      notYet: agree ? notYet(template.id, agree, c.snapshot.context, today) : null,
      checkFirst: template.emails.linkChecksFirst?.[link.request] === true,
      answers: template.emails.linkAnswers?.[link.request] ?? null,
    };
  }
}

/** The step-up as the chain's link records it: how and when, the email proved kept beside it. */
function withoutEmail(stepUp: StepUpEvidence): Omit<StepUpEvidence, 'email'> {
  const { email: _email, ...rest } = stepUp;
  return rest;
}

/** When and why a closed link was closed, for its holder's page. */
function settledOf(link: LinkRow): LinkSettled {
  return { at: new Date(link.settled_at ?? 0).toISOString(), why: link.outcome?.reason ?? null };
}

/** The council the link belongs to, which everything read or written for it keeps to. */
function scopeOfLink(link: Pick<LinkRow, 'tenant_id'>): TenantScope {
  return tenantScope(link.tenant_id);
}
