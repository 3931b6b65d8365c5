import type { DataSource } from 'typeorm';
import { addJcbAuthorities } from '../demo/jcb-authorities.service';
import { addJcbDisputeOffices } from '../demo/jcb-dispute-offices.service';
import type { TenantSpec } from '../directory/tenant-setup.service';
import type { Actor } from '../core/actor.dto';
import { BcfWorld, buildBcfWorld } from './world.factory';

/**
 * A tenant with a Joint Commissioning Board (seed 002, JCB terms of reference 7.1: 3 council
 * Cabinet members and 3 members of the CCG Governing Body), the Cabinet member holding the JCB
 * delegation (£2M when all 3 Cabinet members agree), the Proper Officer, the Chair of the Health
 * Overview and Scrutiny Panel, who may agree urgency (ToR 6.10, 10.1), and a CCG deputy (`sub`) whom
 * the substitution scheme names for each CCG member's seat. Invented people at .test, random API keys.
 */
export const JCB_MEMBERS = [
  ['cab1', 'Cllr Ada Fox', 'council', true],
  ['cab2', 'Cllr Ben Hart', 'council', true],
  ['cab3', 'Cllr Cara Moss', 'council', true],
  ['ccg1', 'Dr Dev Shah', 'ccg', false],
  ['ccg2', 'Dr Eve Long', 'ccg', false],
  ['ccg3', 'Dr Finn Roy', 'ccg', false],
] as const;

/** Where the partners agreed the substitution scheme (ToR 7.1: at the Board's inaugural meeting). */
export const JCB_SUBSTITUTION_SCHEME =
  'JCB inaugural meeting, minute 4: substitution scheme (ToR 7.1)';

export type JcbMemberKey = (typeof JCB_MEMBERS)[number][0];

export interface JcbWorld extends BcfWorld {
  /** API keys of the world's people, by key: members, proper, scrutinyChair, the Leader, the ICB chair. */
  jcbKeys: Record<JcbPersonKey, string>;
  jcbActors: Record<JcbPersonKey, Actor>;
  /** A person's id by key. */
  id(key: string): string;
  /** The role holders a JCB case (version 2) is opened with. */
  jcbRoles: { decisionMaker: string; properOfficer: string; urgencyApprover: string };
  /** Version 7's: version 2's and the Leader of the Council and the ICB's Chair (ToR 9.1). */
  jcbV7Roles: JcbWorld['jcbRoles'] & { leader: string; partnerChair: string };
}

type JcbPersonKey = JcbMemberKey | 'proper' | 'scrutinyChair' | 'councilLeader' | 'icbChair';

export async function buildJcbWorld(
  ds: DataSource,
  opts: { tweak?: (s: TenantSpec) => void } = {},
): Promise<JcbWorld> {
  const keys = {} as JcbWorld['jcbKeys'];
  const world = await buildBcfWorld(ds, {
    tweak: (spec) => {
      for (const [key, name, org, cabinetMember] of JCB_MEMBERS) {
        keys[key] = `test-${key}-${spec.slug}`;
        spec.people.push({
          key,
          name,
          email: `${key}@${spec.slug}.test`,
          organisation: org,
          isElectedMember: cabinetMember,
          apiKey: keys[key],
        });
        spec.memberships.push({
          body: 'jcb',
          person: key,
          role: 'member',
          organisation: org,
          validFrom: '2025-01-01',
        });
      }
      keys.proper = `test-proper-${spec.slug}`;
      keys.scrutinyChair = `test-scrutiny-${spec.slug}`;
      keys.councilLeader = `test-leader-${spec.slug}`;
      keys.icbChair = `test-icb-chair-${spec.slug}`;
      spec.people.push(
        {
          key: 'proper',
          name: 'Gail Price',
          email: `gail.price@${spec.slug}.test`,
          organisation: 'council',
          apiKey: keys.proper,
        },
        {
          key: 'scrutinyChair',
          name: 'Cllr Jan Cole',
          email: `jan.cole@${spec.slug}.test`,
          organisation: 'council',
          isElectedMember: true,
          apiKey: keys.scrutinyChair,
        },
        {
          key: 'councilLeader',
          name: 'Cllr Noor Hale',
          email: `noor.hale@${spec.slug}.test`,
          organisation: 'council',
          isElectedMember: true,
          apiKey: keys.councilLeader,
        },
        {
          key: 'icbChair',
          name: 'Dr Rhys Bell',
          email: `rhys.bell@${spec.slug}.test`,
          organisation: 'icb',
          apiKey: keys.icbChair,
        },
        // A nominated deputy of the CCG Governing Body, who may substitute for a CCG member.
        { key: 'sub', name: 'Dr Gus Lee', email: `sub@${spec.slug}.test`, organisation: 'ccg' },
      );
      spec.substitutes = [
        ...(spec.substitutes ?? []),
        ...(['ccg1', 'ccg2', 'ccg3'] as const).map((member) => ({
          body: 'jcb',
          member,
          person: 'sub',
          validFrom: '2025-01-01',
          reference: JCB_SUBSTITUTION_SCHEME,
        })),
      ];
      addJcbAuthorities(
        spec,
        { cabinetHealth: 'cab1', properOfficer: 'proper', scrutinyChair: 'scrutinyChair' },
        new Date('2025-01-01T00:00:00Z'),
      );
      opts.tweak?.(spec);
      addJcbDisputeOffices(spec, { leader: 'councilLeader', icbChair: 'icbChair' });
    },
  });
  const jcbActors = Object.fromEntries(
    Object.keys(keys).map((k) => [k, world.actorOf(k)]),
  ) as JcbWorld['jcbActors'];
  return {
    ...world,
    jcbKeys: keys,
    jcbActors,
    id: (key) => world.ids.people[key],
    jcbRoles: {
      decisionMaker: world.ids.delegations.jcbDecision,
      properOfficer: world.ids.offices.properOfficer,
      urgencyApprover: world.ids.offices.scrutinyChair,
    },
    jcbV7Roles: {
      decisionMaker: world.ids.delegations.jcbDecision,
      properOfficer: world.ids.offices.properOfficer,
      urgencyApprover: world.ids.offices.scrutinyChair,
      leader: world.ids.offices.leaderOfTheCouncil,
      partnerChair: world.ids.offices.icbChair,
    },
  };
}

/**
 * The meeting facts a JCB case takes (RECORD_ATTENDANCE, RECORD_SHOW_OF_HANDS): every member, and
 * the ones in `present` present (all by default), the others sending apologies.
 */
export function jcbMeetingFacts(
  world: JcbWorld,
  meetingDate: string,
  opts: { present?: string[]; declarations?: object[] } = {},
) {
  const present = opts.present ?? JCB_MEMBERS.map(([k]) => k);
  return {
    meetingDate,
    members: JCB_MEMBERS.map(([k, name, partner, cabinetMember]) => ({
      personId: world.id(k),
      name,
      partner,
      cabinetMember,
    })),
    attendance: JCB_MEMBERS.map(([k, name]) => ({
      personId: world.id(k),
      name,
      status: present.includes(k) ? 'present' : 'apologies',
    })),
    declarations: opts.declarations ?? [],
    dispensations: [],
  };
}

/** Every member's hand for, except those named (e.g. { ccg2: 'against' }). */
export function jcbHands(world: JcbWorld, except: Record<string, string> = {}) {
  return JCB_MEMBERS.map(([k]) => ({ personId: world.id(k), hand: except[k] ?? 'for' }));
}

/** The decision under delegation: £1.5M by the Cabinet member, all 3 Cabinet members agreeing. */
export function jcbDecision(world: JcbWorld, decidedOn: string, over: object = {}) {
  return {
    decidedOn,
    decision: 'Award the integrated carers support contract to Carers Together CIC',
    reasons: 'Best quality and price in the tender; supported by both partners',
    alternativesRejected: ['Extend the current contracts', 'Bring the service in house'],
    amount: 1_500_000,
    actingAs: 'cabinetMember',
    cabinetMembersAgreeing: [world.id('cab1'), world.id('cab2'), world.id('cab3')],
    ...over,
  };
}

/** The matter of a key decision as JCB version 6 takes it (DESCRIBE_MATTER), for the forward plan. */
export function jcbKeyMatter(summary: string, over: object = {}) {
  return {
    summary,
    keyDecision: true,
    keyDecisionReasons: 'Spending of £1.5M, affecting carers in every ward',
    documents: ['Report of the Director of Adult Social Care'],
    representations: 'Write to democratic.services@example.org',
    ...over,
  };
}

/**
 * A Healthwatch seat on the Board from `validFrom` (co-opted, ToR 2.3): the meeting counts it among
 * those present; version 3 of the JCB template knows only council and CCG seats and refuses it.
 * With `{ voting: false }` the seat is a non-voting one: present, never counted, no hand.
 */
export async function seatHealthwatchOnBoard(
  ds: DataSource,
  world: JcbWorld,
  validFrom: string,
  opts: { voting?: boolean } = {},
) {
  const voting = opts.voting ?? true;
  await ds.query(
    `INSERT INTO memberships (tenant_id, body_id, person_id, organisation_id, role, voting, valid_from)
     SELECT $1, $2, $3, o.id, $5, $6, $4::date FROM organisations o
      WHERE o.tenant_id = $1 AND o.kind = 'healthwatch'`,
    [
      world.tenantId,
      world.ids.bodies.jcb,
      world.ids.people.healthwatch,
      validFrom,
      voting ? 'member' : 'non_voting',
      voting,
    ],
  );
}

/**
 * A second seat on the Board for a member who already holds a voting one: non-voting, from
 * `validFrom`, for no organisation. The directory refuses a person two seats at once
 * (OVERLAPPING_TERMS); seats recorded before that rule may still overlap, and a meeting must read
 * them as the person's one voting seat (issue #12, review L9).
 */
export async function seatMemberAgainNonVoting(
  ds: DataSource,
  world: JcbWorld,
  key: JcbMemberKey,
  validFrom: string,
) {
  await ds.query(
    `INSERT INTO memberships (tenant_id, body_id, person_id, organisation_id, role, voting, valid_from)
     VALUES ($1, $2, $3, NULL, 'non_voting', false, $4::date)`,
    [world.tenantId, world.ids.bodies.jcb, world.id(key), validFrom],
  );
}

/**
 * A co-opted seat on the Board from `validFrom` that the council's directory gives no partner's
 * name: it sits for a constituency ("coopted") that the Board's rules do not hold, for no
 * organisation. The directory's forms do not write such a seat (a seat's constituency is one of the
 * rules'), but its table may hold one, and a show of hands must not then take a name from elsewhere.
 * Returns the member as a meeting's facts list them.
 */
export async function seatWithoutAPartnerName(ds: DataSource, world: JcbWorld, validFrom: string) {
  const personId = world.ids.people.healthwatch;
  const [{ name }]: { name: string }[] = await ds.query(
    `INSERT INTO memberships (tenant_id, body_id, person_id, organisation_id, constituency, role, voting, valid_from)
     VALUES ($1, $2, $3, NULL, 'coopted', 'member', true, $4::date)
     RETURNING (SELECT name FROM people WHERE id = $3)`,
    [world.tenantId, world.ids.bodies.jcb, personId, validFrom],
  );
  return { personId, name, partner: 'coopted', cabinetMember: false };
}

/**
 * The Board's rules in the directory taking effect only from `inForceFrom`, so that on a meeting
 * before it the directory holds no quorum or consensus for the Board (as for a Board whose first
 * rules were recorded from a later day). Returns the rules, as a payload would send them.
 */
export async function boardRulesOnlyFrom(ds: DataSource, world: JcbWorld, inForceFrom: string) {
  const [{ rules }]: { rules: { quorum: object; decision: object } }[] = await ds.query(
    `WITH moved AS (
       UPDATE body_rules SET in_force_from = $3::date
        WHERE tenant_id = $1 AND body_id = $2 AND in_force_from IS NULL
       RETURNING rules)
     SELECT rules FROM moved`,
    [world.tenantId, world.ids.bodies.jcb, inForceFrom],
  );
  return { quorum: rules.quorum, decision: rules.decision };
}
