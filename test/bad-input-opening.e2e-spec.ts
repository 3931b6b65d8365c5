import request from 'supertest';
import { badInputHarness, type Problem, type Who } from '../libs/testing/bad-input-harness.service';
import {
  type BcfWorld,
  buildBcfWorld,
  openBcfCaseBody,
  withIntegratedCareBoard,
} from '../libs/testing/world.factory';

describe('bad input through the HTTP API', () => {
  const { ds, server, auth, refused } = badInputHarness();

  describe('opening a case', () => {
    const openAs =
      (w: BcfWorld, body: unknown, who: Who = 'officer') =>
      () =>
        request(server())
          .post('/api/cases')
          .set(auth(w, who))
          .send(body as object);
    const paths = (p: Problem) => (p.problems ?? []).map((x) => x.path).sort();

    it('refuses an unknown template with UNKNOWN_TEMPLATE', async () => {
      const world = await buildBcfWorld(ds());
      const p = await refused(
        openAs(world, openBcfCaseBody(world, { template: 'no-such-workflow' })),
        422,
        'UNKNOWN_TEMPLATE',
      );
      expect(p.detail).toContain('GET /api/templates');
      await refused(
        openAs(world, openBcfCaseBody(world, { templateVersion: 99 })),
        422,
        'UNKNOWN_TEMPLATE',
      );
    });

    it('refuses a case without its role holders, naming each missing role', async () => {
      const world = await buildBcfWorld(ds());
      const p = await refused(
        openAs(world, openBcfCaseBody(world, { roles: {} })),
        422,
        'INVALID_ROLE_HOLDER',
      );
      expect(paths(p)).toEqual([
        'roles.accountableOfficer',
        'roles.chiefExecutive',
        'roles.delegatedApprover',
      ]);
    });

    it('refuses an office that has no holder', async () => {
      const world = await buildBcfWorld(ds(), {
        tweak: (s) =>
          s.offices.push({
            key: 'vacant',
            title: 'Interim Chief Executive',
            organisation: 'council',
          }),
      });
      const p = await refused(
        openAs(
          world,
          openBcfCaseBody(world, {
            roles: { ...world.roles, chiefExecutive: world.ids.offices.vacant },
          }),
        ),
        422,
        'INVALID_ROLE_HOLDER',
      );
      expect(p.problems).toEqual([
        {
          path: 'roles.chiefExecutive',
          message:
            'the office "Interim Chief Executive" has no holder on 2021-10-01: appoint one first',
        },
      ]);
    });

    it('refuses a CCG’s office for the Integrated Care Board’s role on version 2, naming the rule, and takes the ICB’s', async () => {
      const world = await buildBcfWorld(ds(), { tweak: withIntegratedCareBoard });
      const v2 = (accountableOfficer: string) =>
        openBcfCaseBody(world, {
          templateVersion: 2,
          roles: { ...world.roles, accountableOfficer },
        });
      const p = await refused(
        openAs(world, v2(world.roles.accountableOfficer)),
        422,
        'GOVERNANCE_RULE_BROKEN',
      );
      expect(p).toMatchObject({
        rule: 'ROLE_NEEDS_AN_INTEGRATED_CARE_BOARD',
        problems: [
          {
            path: 'roles.accountableOfficer',
            message:
              'choose an office of an Integrated Care Board: "Accountable Officer, NHS Southampton City CCG" is an office of NHS Southampton City CCG, whose kind in the directory is Clinical Commissioning Group (abolished 1 July 2022)',
          },
        ],
      });
      expect((p as unknown as { explanation: string[] }).explanation).toContain(
        'Clinical Commissioning Groups were abolished on 1 July 2022 (Health and Care Act 2022); their duties passed to Integrated Care Boards, whose Chief Executive is the Accountable Officer.',
      );
      // Version 1 (the CCG's day) takes the CCG's office; version 2 the ICB's.
      await openAs(world, openBcfCaseBody(world))().expect(201);
      const opened = await openAs(world, v2(world.ids.offices.icbChiefExecutive))().expect(201);
      expect(opened.body).toMatchObject({ template: { version: 2 } });
    });

    it('refuses a delegation that has expired, is not yet in force, is revoked or is for another purpose', async () => {
      const delegation = (key: string, scope: string, validFrom: string, validUntil?: string) => ({
        key,
        body: 'hwbb',
        office: 'chair',
        scope,
        reference: `HWBB minute ${key}`,
        validFrom: new Date(validFrom),
        validUntil: validUntil ? new Date(validUntil) : null,
      });
      const world = await buildBcfWorld(ds(), {
        tweak: (s) =>
          s.delegations.push(
            delegation('expired', 'bcf-plan-approval', '2020-01-01', '2021-03-31'),
            delegation('future', 'bcf-plan-approval', '2022-01-01'),
            delegation('revoked', 'bcf-plan-approval', '2020-01-01'),
            delegation('wrongScope', 'pharmaceutical-needs-assessment', '2020-01-01'),
          ),
      });
      await ds().query(`UPDATE delegations SET revoked_at = '2021-06-01' WHERE id = $1`, [
        world.ids.delegations.revoked,
      ]);
      for (const key of ['expired', 'future', 'revoked', 'wrongScope']) {
        const id = world.ids.delegations[key];
        const p = await refused(
          openAs(
            world,
            openBcfCaseBody(world, { roles: { ...world.roles, delegatedApprover: id } }),
          ),
          422,
          'INVALID_ROLE_HOLDER',
        );
        expect(p.problems).toEqual([
          {
            path: 'roles.delegatedApprover',
            message: `delegation ${id} is not in force for "bcf-plan-approval" now`,
          },
        ]);
      }
    });

    it('refuses another tenant’s office and delegation as if they did not exist', async () => {
      const world = await buildBcfWorld(ds());
      const other = await buildBcfWorld(ds());
      const p = await refused(
        openAs(world, openBcfCaseBody(world, { roles: other.roles })),
        422,
        'INVALID_ROLE_HOLDER',
      );
      expect(p.problems).toEqual([
        {
          path: 'roles.chiefExecutive',
          message: `no office ${other.roles.chiefExecutive} in your organisation`,
        },
        {
          path: 'roles.accountableOfficer',
          message: `no office ${other.roles.accountableOfficer} in your organisation`,
        },
        {
          path: 'roles.delegatedApprover',
          message: `no delegation ${other.roles.delegatedApprover} in your organisation`,
        },
      ]);
    });

    it('refuses an office where a delegation belongs, a role the template lacks and an id that is not a UUID', async () => {
      const world = await buildBcfWorld(ds());
      const swapped = await refused(
        openAs(
          world,
          openBcfCaseBody(world, {
            roles: { ...world.roles, delegatedApprover: world.ids.offices.chair },
          }),
        ),
        422,
        'INVALID_ROLE_HOLDER',
      );
      expect(paths(swapped)).toEqual(['roles.delegatedApprover']);
      const extra = await refused(
        openAs(
          world,
          openBcfCaseBody(world, {
            roles: { ...world.roles, mayor: world.ids.offices.ceo, officer: world.ids.offices.ceo },
          }),
        ),
        422,
        'INVALID_ROLE_HOLDER',
      );
      expect(paths(extra)).toEqual(['roles.mayor', 'roles.officer']);
      // Names every object has are not roles either.
      const inherited = await refused(
        openAs(world, {
          ...openBcfCaseBody(world),
          roles: JSON.parse(
            JSON.stringify({ ...world.roles, toString: world.ids.offices.ceo }).replace(
              '"toString"',
              '"constructor"',
            ),
          ) as object,
        }),
        422,
        'INVALID_ROLE_HOLDER',
      );
      expect(paths(inherited)).toEqual(['roles.constructor']);
      const notUuid = await refused(
        openAs(
          world,
          openBcfCaseBody(world, { roles: { ...world.roles, chiefExecutive: 'the-ceo' } }),
        ),
        422,
        'INVALID_INPUT',
      );
      expect(paths(notUuid)).toEqual(['roles.chiefExecutive']);
    });

    it.each([
      [
        'a submission deadline in the past',
        { submissionDeadline: '2021-09-30' },
        ['dates.submissionDeadline'],
      ],
      [
        'an assurance date before the submission deadline',
        { expectedAssuranceDate: '2021-11-01' },
        ['dates.expectedAssuranceDate'],
      ],
      [
        'a noting deadline on the submission deadline',
        { notingDeadline: '2021-11-16' },
        ['dates.notingDeadline'],
      ],
      [
        'a date that is not a calendar date',
        { submissionDeadline: '16/11/2021' },
        ['dates.submissionDeadline'],
      ],
      ['a missing date', { notingDeadline: undefined }, ['dates.notingDeadline']],
    ])('refuses %s with INVALID_INPUT naming the date', async (_what, change, expected) => {
      const world = await buildBcfWorld(ds());
      const base = openBcfCaseBody(world);
      const dates = JSON.parse(JSON.stringify({ ...base.dates, ...change })) as object;
      const p = await refused(openAs(world, { ...base, dates }), 422, 'INVALID_INPUT');
      expect([...new Set(paths(p))]).toEqual(expected);
      expect(p.problems?.every((x) => x.message.length > 10)).toBe(true);
    });

    it('refuses unknown fields in the body and in the dates', async () => {
      const world = await buildBcfWorld(ds());
      const top = await refused(
        openAs(world, { ...openBcfCaseBody(world), colour: 'blue' }),
        422,
        'INVALID_INPUT',
      );
      expect(top.problems).toEqual([
        { path: '(body)', message: 'remove the unknown field(s) colour' },
      ]);
      const inDates = await refused(
        openAs(
          world,
          openBcfCaseBody(world, {
            dates: { ...openBcfCaseBody(world).dates, decisionDate: '2021-11-01' },
          }),
        ),
        422,
        'INVALID_INPUT',
      );
      expect(inDates.problems).toEqual([
        { path: 'dates', message: 'remove the unknown field(s) decisionDate' },
      ]);
    });

    it('refuses a body that is not a case at all', async () => {
      const world = await buildBcfWorld(ds());
      for (const body of [{}, [], { template: 'bcf-delegated-sign-off', title: 'x' }]) {
        await refused(openAs(world, body), 422, 'INVALID_INPUT');
      }
    });

    it('refuses a case opened by someone who is not an officer with NOT_AUTHORISED', async () => {
      const world = await buildBcfWorld(ds());
      for (const who of ['ceo', 'chair', 'gp'] as const) {
        const p = await refused(openAs(world, openBcfCaseBody(world), who), 403, 'NOT_AUTHORISED');
        expect(p.detail).toContain('officer');
      }
    });
  });
});
