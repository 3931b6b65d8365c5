import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ManualClock } from '../core/clock.service';
import type { CaseView } from '../engine/case-view.service';
import { IdentityProvidersUseCase } from '../staff/identity-providers.use-case';
import { HttpCases } from './http-cases.service';
import { jcbHands, jcbMeetingFacts, JcbWorld } from './jcb-world.factory';

/** The JCB meeting day of the step-up journeys (Thu 4 Sep 2025). */
export const STEP_UP_MEETING = '2025-09-04';

/**
 * A JCB case (version 3) through the API to the decision maker's emailed request to take the
 * drafted decision, which needs a step-up (libs/workflows/step-up.declarations.ts): the case, and
 * the decision maker's open link.
 */
export async function jcbCaseAwaitingDecision(
  app: INestApplication,
  ds: DataSource,
  world: JcbWorld,
  clock: ManualClock,
): Promise<{ c: CaseView; linkId: string }> {
  const cases = new HttpCases(
    () => app,
    (who) =>
      who === 'officer' ? world.keys.officer : (world.jcbKeys as Record<string, string>)[who],
  );
  clock.set('2025-08-01T09:00:00Z');
  let c = await cases.open({
    template: 'jcb-delegated-decision',
    // Version 5: its notices take the typed forward plan date (version 6 reads the published plan).
    templateVersion: 5,
    title: 'Integrated carers support service contract',
    dates: { meetingDate: STEP_UP_MEETING },
    roles: world.jcbRoles,
  });
  clock.set(`${STEP_UP_MEETING}T15:00:00Z`);
  c = await cases.act(c, 'officer', 'RECORD_NOTICES', {
    meetingDate: STEP_UP_MEETING,
    itemTitle: 'Integrated carers support service contract',
    keyDecision: true,
    forwardPlanPublishedOn: '2025-07-01',
    reportPublishedOn: '2025-08-20',
  });
  const meeting = jcbMeetingFacts(world, STEP_UP_MEETING);
  c = await cases.act(c, 'officer', 'RECORD_ATTENDANCE', { meeting });
  c = await cases.act(c, 'officer', 'RECORD_SHOW_OF_HANDS', { meeting, hands: jcbHands(world) });
  c = await cases.act(c, 'officer', 'DRAFT_DECISION', {
    decision: 'Award the integrated carers support contract to Carers Together CIC',
    reasons: 'Best quality and price in the tender; supported by both partners',
    alternativesRejected: ['Extend the current contracts'],
    amount: 1_500_000,
    actingAs: 'cabinetMember',
  });
  clock.set('2025-09-05T10:00:00Z');
  const [link]: { id: string }[] = await ds.query(
    `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
    [c.id, world.id('cab1')],
  );
  if (!link) throw new Error('the decision maker has no open link');
  return { c, linkId: link.id };
}

/** The council's provider, as its administrator saves it (the secret in the env setting named). */
export async function connectCouncilProvider(
  app: INestApplication,
  ds: DataSource,
  world: JcbWorld,
  at: Date,
  provider: { issuer: string; clientId: string; secretSetting: string },
): Promise<void> {
  await ds.query(
    `INSERT INTO staff_accounts (tenant_id, person_id, role, created_at) VALUES ($1, $2, 'administrator', $3)`,
    [world.tenantId, world.ids.people.ceo, at],
  );
  const [admin]: { id: string }[] = await ds.query(
    'SELECT id FROM staff_accounts WHERE person_id = $1',
    [world.ids.people.ceo],
  );
  await app.get(IdentityProvidersUseCase).save(
    {
      organisationId: world.ids.organisations.council,
      name: 'Southampton City Council',
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecretSetting: provider.secretSetting,
      emailDomains: world.emailOf('officer').split('@')[1],
      verifiedEmailClaim: 'email_verified',
      enabled: true,
    },
    { tenantId: world.tenantId, accountId: admin.id },
  );
}

/**
 * The same case on to the Decision Notice's signatures: the decision maker takes the drafted
 * decision (through the API, as the delegate), and the Proper Officer's emailed request to sign
 * the notice is open (it needs a step-up, and its answer is checked first).
 */
export async function jcbCaseAwaitingSignature(
  app: INestApplication,
  ds: DataSource,
  world: JcbWorld,
  clock: ManualClock,
): Promise<{ c: CaseView; linkId: string }> {
  const { c: awaiting } = await jcbCaseAwaitingDecision(app, ds, world, clock);
  const cases = new HttpCases(
    () => app,
    (who) => (world.jcbKeys as Record<string, string>)[who],
  );
  const c = await cases.act(awaiting, 'cab1', 'APPROVE', { on: '2025-09-05' });
  const [link]: { id: string }[] = await ds.query(
    `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open' AND request = 'notice-signature-requested'`,
    [c.id, world.id('proper')],
  );
  if (!link) throw new Error('the Proper Officer has no open link to sign the notice');
  return { c, linkId: link.id };
}
