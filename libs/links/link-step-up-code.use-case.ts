import { Injectable } from '@nestjs/common';
import { randomInt, timingSafeEqual } from 'node:crypto';
import { acrossCouncils } from '../core/across-councils';
import { Clock } from '../core/clock.service';
import { StaffMailer } from '../staff/staff-mail.service';
import { scopeOf } from '../core/tenant-scope';
import { LinkStepUpRepository, StepUpLink } from './link-step-up.repository';
import { browserKeyHash, LinkStepUps } from './link-step-up.service';
import { LinkTokens } from './link-token.service';

/** A code works this long after it is sent. */
export const CODE_MINUTES = 10;
/** At most this many codes a link an hour, each with at most WRONG_CODES_ALLOWED wrong guesses. */
export const CODES_PER_HOUR = 3;
export const WRONG_CODES_ALLOWED = 5;

export type CodeRefusal =
  | 'form_expired' // the form did not come from the link's page
  | 'not_needed' // the request needs no step-up, or the link is closed
  | 'use_sign_in' // the person's organisation has its own sign-in: that is the step-up
  | 'too_many_codes' // CODES_PER_HOUR sent in the last hour
  | 'not_sent' // no email address, or the mail server did not take it
  | 'code_format' // not six digits
  | 'none' // no code was asked for, or all have expired
  | 'wrong' // not the code sent
  | 'used' // the code was used already
  | 'replaced' // a newer code was sent since: only the newest works
  | 'expired' // the code is older than CODE_MINUTES
  | 'locked'; // WRONG_CODES_ALLOWED wrong guesses: the code is void

/** A code sent: where to (masked), and whether it replaces one sent before (which then no longer works). */
export type CodeSent =
  | { ok: true; sentTo: string; replacesEarlier: boolean }
  | { ok: false; refusal: CodeRefusal; retryAt?: Date };
export type CodeChecked =
  { ok: true; linkPath: string } | { ok: false; refusal: CodeRefusal; wrongLeft?: number };

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The codes a check looks at: those sent in the day before `at`. */
const dayBefore = (at: Date) => new Date(at.getTime() - 24 * 3600_000);

/** "d***@example.org": enough for the person to know which mailbox to look in. */
export function maskedEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.charAt(0)}***@${domain ?? ''}`;
}

/**
 * Step-up by a one-time code emailed separately (ADR 0016), for people whose organisation has no
 * sign-in set up: six digits, sent straight to SMTP (never the outbox, which keeps what it sends),
 * kept only as an HMAC under the link secret, working 10 minutes and once; five wrong guesses void
 * a code and three codes a link an hour are sent at most, so guessing is throttled to 15 tries an
 * hour. A new code asked for replaces the one before: only the newest works. A code typed right
 * proves who answers for the browser that typed it.
 */
@Injectable()
export class LinkStepUpCodeUseCase {
  constructor(
    private readonly repo: LinkStepUpRepository,
    private readonly stepUps: LinkStepUps,
    private readonly tokens: LinkTokens,
    private readonly mailer: StaffMailer,
    private readonly clock: Clock,
  ) {}

  async send(
    token: string,
    csrf: string | undefined,
    client: { ip: string | null; userAgent: string | null },
  ): Promise<CodeSent> {
    const checked = await this.usable(token, csrf);
    if (!('link' in checked)) return checked;
    const { link } = checked;
    const at = this.clock.now();
    const sent = await this.repo.codesSentSince(
      scopeOf(link),
      link.id,
      new Date(at.getTime() - 3600_000),
    );
    if (sent.length >= CODES_PER_HOUR) {
      await this.repo.logOnLink(scopeOf(link), link, 'step-up refused: too_many_codes', at, client);
      return {
        ok: false,
        refusal: 'too_many_codes',
        retryAt: new Date(new Date(sent[0]).getTime() + 3600_000),
      };
    }
    if (!link.personEmail) return { ok: false, refusal: 'not_sent' };
    // Codes are newest first by when they were sent, and only the newest works: one sent in the
    // same millisecond as the code before (a clock not yet moved on) is put a millisecond after
    // it, so that "the newest" is always one code.
    const last = sent.length > 0 ? new Date(sent[sent.length - 1]).getTime() : -Infinity;
    const sentAt = last >= at.getTime() ? new Date(last + 1) : at;
    // Never a code this link was sent in the day a code is checked against: a "new" code the same
    // as the one it replaces would leave the person unsure which email to trust.
    const earlier = await this.repo.codesOf(scopeOf(link), link.id, dayBefore(at));
    let code: string;
    let codeHash: string;
    do {
      code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      codeHash = this.tokens.codeHashFor(link.id, code);
    } while (earlier.some((c) => same(c.codeHash, codeHash)));
    const codeId = await this.repo.addCode(scopeOf(link), {
      linkId: link.id,
      codeHash,
      sentTo: link.personEmail,
      at: sentAt,
      expiresAt: new Date(sentAt.getTime() + CODE_MINUTES * 60_000),
    });
    const delivered = await this.mailer.send({
      to: { name: link.personName, email: link.personEmail },
      subject: 'Your code to confirm who you are',
      paragraphs: [
        `Your code is ${code}`,
        `Type it on the page of the request “${link.caseTitle}” to confirm who you are before your answer is recorded. It works for ${CODE_MINUTES} minutes, once.`,
        'If you did not ask for a code, you can ignore this email: nothing is recorded without it. Do not share it with anyone.',
      ],
    });
    // A code never received replaces none: the one before still works.
    if (!delivered) await this.repo.dropUnsentCode(scopeOf(link), codeId);
    await this.repo.logOnLink(
      scopeOf(link),
      link,
      delivered ? 'step-up: code emailed' : 'step-up: code not sent',
      at,
      client,
    );
    return delivered
      ? { ok: true, sentTo: maskedEmail(link.personEmail), replacesEarlier: sent.length > 0 }
      : { ok: false, refusal: 'not_sent' };
  }

  async check(
    token: string,
    csrf: string | undefined,
    code: string | undefined,
    browserKey: string,
    client: { ip: string | null; userAgent: string | null },
  ): Promise<CodeChecked> {
    const checked = await this.usable(token, csrf);
    if (!('link' in checked)) return checked;
    const { link } = checked;
    const typed = (code ?? '').replace(/\s/g, '');
    if (!/^\d{6}$/.test(typed)) return { ok: false, refusal: 'code_format' };
    const at = this.clock.now();
    const refuse = async (refusal: CodeRefusal, wrongLeft?: number): Promise<CodeChecked> => {
      await this.repo.logOnLink(scopeOf(link), link, `step-up refused: ${refusal}`, at, client);
      return { ok: false, refusal, ...(wrongLeft !== undefined ? { wrongLeft } : {}) };
    };
    const codes = await this.repo.codesOf(scopeOf(link), link.id, dayBefore(at));
    const hash = this.tokens.codeHashFor(link.id, typed);
    const matched = codes.findIndex((c) => same(c.codeHash, hash));
    const match = codes[matched];
    if (match) {
      if (match.usedAt) return refuse('used');
      // Newest first: a code with one before it in the list was replaced by a newer one.
      if (matched > 0) return refuse('replaced');
      if (match.attempts >= WRONG_CODES_ALLOWED) return refuse('locked');
      if (new Date(match.expiresAt) <= at) return refuse('expired');
      if (!(await this.repo.useCode(scopeOf(link), match.id, browserKeyHash(browserKey), at)))
        return refuse('used');
      await this.repo.logOnLink(scopeOf(link), link, 'step-up: code typed right', at, client);
      return { ok: true, linkPath: `/act/${token}` };
    }
    // Wrong guesses count against the newest code, the only one that works.
    const [current] = codes;
    const live =
      current &&
      !current.usedAt &&
      new Date(current.expiresAt) > at &&
      current.attempts < WRONG_CODES_ALLOWED;
    if (!live) return refuse('none');
    const wrong = await this.repo.countWrong(scopeOf(link), current.id);
    return wrong >= WRONG_CODES_ALLOWED
      ? refuse('locked')
      : refuse('wrong', WRONG_CODES_ALLOWED - wrong);
  }

  private async usable(
    token: string,
    csrf: string | undefined,
  ): Promise<{ link: StepUpLink } | { ok: false; refusal: CodeRefusal }> {
    const link = /^[A-Za-z0-9_-]{43}$/.test(token)
      ? await this.repo.linkByTokenHash(acrossCouncils('council look-up'), LinkTokens.hash(token))
      : null;
    if (!link || link.status !== 'open' || !LinkStepUps.requirementOf(link))
      return { ok: false, refusal: 'not_needed' };
    if (!same(csrf ?? '', this.tokens.csrfFor(link.id)))
      return { ok: false, refusal: 'form_expired' };
    if (await this.stepUps.providerFor(link)) return { ok: false, refusal: 'use_sign_in' };
    return { link };
  }
}
