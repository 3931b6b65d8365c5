import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock.service';
import type { TenantSpec } from '../directory/tenant-setup.service';
import { StaffAuthService } from '../staff/staff-auth.service';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { postSignIn } from './sign-in.service';
import { BcfWorld, buildBcfWorld } from './world.factory';

/** Staff of a test world and their passwords: Dr Okafor administers, Dana Whitlock is an officer, Lee Morgan the governance lead. */
export const STAFF = {
  administrator: { personKey: 'gp', role: 'administrator', password: 'staff-admin-pass-1' },
  officer: { personKey: 'officer', role: 'officer', password: 'staff-officer-pass-1' },
  governanceLead: {
    personKey: 'governanceLead',
    role: 'governance_lead',
    password: 'staff-lead-pass-1',
  },
} as const;

export type StaffKey = keyof typeof STAFF;

/** A council of its own with the three staff accounts of STAFF; `tweak` changes its directory first. */
export async function staffWorld(
  ds: DataSource,
  clock: Clock,
  opts: { tweak?: (s: TenantSpec) => void } = {},
): Promise<BcfWorld> {
  const w = await buildBcfWorld(ds, opts);
  for (const s of Object.values(STAFF))
    await StaffAuthService.createAccount(new StaffAccountsRepository(), ds, {
      tenantId: w.tenantId,
      personId: w.ids.people[s.personKey],
      role: s.role,
      password: s.password,
      at: clock.now(),
    });
  return w;
}

let address = 0;

/** A browser-like agent signed in as one of STAFF, from an address of its own (sign-in is rate limited per address). */
export async function signedInAs(
  app: INestApplication,
  w: BcfWorld,
  who: StaffKey,
): Promise<request.Agent> {
  const agent = request.agent(app.getHttpServer());
  const n = address++;
  const res = await postSignIn(
    agent,
    { email: w.emailOf(STAFF[who].personKey), password: STAFF[who].password, next: '/cases' },
    { 'X-Forwarded-For': `198.51.${100 + Math.floor(n / 250)}.${(n % 250) + 1}` },
  );
  if (res.status !== 303) throw new Error(`signing in as ${who} answered ${res.status}`);
  return agent;
}

/** A page's text as a person reads it: no tags, single spaces. */
export function pageText(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

/** The session's CSRF token, read off a staff page's form. */
export async function csrfOf(agent: request.Agent, path: string): Promise<string> {
  const page = await agent.get(path);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!token) throw new Error(`no CSRF token on ${path} (${page.status})`);
  return token;
}

/**
 * Posts a form as a browser does, with the session's CSRF token (read off `tokenFrom`); with
 * `status`, fails saying what the page said when the answer is another.
 */
export async function postForm(
  agent: request.Agent,
  path: string,
  fields: Record<string, string>,
  status?: number,
  tokenFrom = '/cases',
) {
  const res = await agent
    .post(path)
    .type('form')
    .send({ _csrf: await csrfOf(agent, tokenFrom), ...fields });
  if (status !== undefined && res.status !== status)
    throw new Error(
      `POST ${path} answered ${res.status}, not ${status}: ${pageText(res.text).slice(0, 600)}`,
    );
  return res;
}

/** The GOV.UK error summary's links, as (href, text) pairs in order. */
export function errorSummary(html: string): { href: string; text: string }[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => ({
    href: m[1],
    text: m[2].trim(),
  }));
}

/** The value of the <input> with `id` (or of the hidden input named `id`), as the page shows it. */
export function inputValue(html: string, id: string): string | undefined {
  const tag =
    new RegExp(`<input[^>]*id="${id}"[^>]*>`).exec(html)?.[0] ??
    new RegExp(`<input[^>]*name="${id}"[^>]*>`).exec(html)?.[0] ??
    '';
  return /value="([^"]*)"/.exec(tag)?.[1];
}
