import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ManualClock } from '../core/clock.service';
import { LinkTokens } from '../links/link-token.service';
import type { CrawlWorld } from './crawl-world.factory';
import type { KeyboardForm, KeyboardPlaces } from './keyboard-forms.factory';
import { OidcTestProvider } from './oidc-test-provider.service';
import { connectCouncilProvider, jcbCaseAwaitingDecision } from './step-up-case.factory';

/*
 * The step-up through the person's organisation sign-in (ADR 0016) with the keyboard alone, for
 * test/keyboard-decision-forms-browser, after its other rows: the world's council connected to a
 * real OpenID provider (oidc-provider, as test/link-step-up-browser starts one), and a JCB
 * decision awaiting its decision maker (cab1, `ada` at the provider; cab2 is `ben`). Each row in a
 * browser of its own (the provider remembers who signed in).
 */

/** The link page's form that sends the person to their organisation's sign-in. */
const ORGANISATION = 'form[method="post"][action$="/verify/organisation"]';
/** The answer form of an emailed link's page (it posts to the page's own address). */
const ANSWER = 'main form[method="post"]:not([action])';

/** The provider, connected to the world's council, and the decision maker's link. */
export async function ssoStepUpWorld(
  app: INestApplication,
  ds: DataSource,
  clock: ManualClock,
  world: CrawlWorld,
  origin: string,
): Promise<{ idp: OidcTestProvider; places: KeyboardPlaces }> {
  const idp = await OidcTestProvider.start({
    clients: [
      {
        client_id: 'ratify-keyboard-step-up',
        client_secret: 'keyboard-step-up-secret',
        redirect_uris: [`${origin}/act/verify/callback`],
      },
    ],
    accounts: {
      ada: { email: world.emailOf('cab1'), email_verified: true },
      ben: { email: world.emailOf('cab2'), email_verified: true },
    },
  });
  process.env.OIDC_KEYBOARD_STEP_UP_SECRET = 'keyboard-step-up-secret';
  await connectCouncilProvider(app, ds, world, clock.now(), {
    issuer: idp.issuer,
    clientId: 'ratify-keyboard-step-up',
    secretSetting: 'OIDC_KEYBOARD_STEP_UP_SECRET',
  });
  const { c } = await jcbCaseAwaitingDecision(app, ds, world, clock);
  return {
    idp,
    places: {
      linkOf: async (caseId, personKey) => {
        const [link]: { id: string }[] = await ds.query(
          `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
          [caseId === 'awaiting' ? c.id : caseId, world.id(personKey)],
        );
        if (!link) throw new Error(`${personKey} has no open link on the case`);
        return `/act/${app.get(LinkTokens).tokenFor(link.id)}`;
      },
      officerDecisionToPublish: () => {
        throw new Error('these rows publish no officer decision');
      },
    },
  };
}

/** The rows, each to be run in a browser of its own. */
export const KEYBOARD_SSO_STEP_UP: KeyboardForm[] = [
  {
    form: 'confirm who answers at the organisation’s sign-in as someone else (refused, in words)',
    as: 'none',
    on: '2025-09-05T10:00:00Z',
    page: (_w, at) => at.linkOf('awaiting', 'cab1'),
    steps: () => [
      {
        form: ORGANISATION,
        values: [],
        provider: { login: 'ben' },
        then: {
          shows: 'We could not confirm who you are',
          has: 'as someone other than the person this request was sent to',
        },
      },
    ],
  },
  {
    form: 'take the decision after the organisation’s sign-in (step-up through its provider)',
    as: 'none',
    page: (_w, at) => at.linkOf('awaiting', 'cab1'),
    steps: () => [
      {
        form: ORGANISATION,
        values: [],
        provider: { login: 'ada' },
        then: {
          shows: /./,
          at: /^\/act\/[\w-]{43}$/,
          has: 'You confirmed who you are through Southampton City Council sign-in',
        },
      },
      {
        form: ANSWER,
        values: [['response', { choose: 'approve' }]],
        then: { shows: 'Your answer is recorded' },
      },
    ],
  },
];
