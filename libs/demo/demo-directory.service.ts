import { Injectable } from '@nestjs/common';
import { tenantScope } from '../core/tenant-scope';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import type { Clock } from '../core/clock.service';
import { londonDate } from '../governance/working-day-calendar.service';
import { bodyRulesSchema, type BodyRules } from '../governance/body-rules.schema';
import { PasswordLinkUseCase } from '../staff/password-link.use-case';
import type { StaffRole } from '../staff/staff-account.entity';
import { StaffAuthService } from '../staff/staff-auth.service';
import { ApiKeyRepository, apiKeyHash } from '../directory/api-key.repository';
import {
  DirectoryActor,
  DirectoryChangeRepository,
} from '../directory/directory-change.repository';
import { OrganisationRepository } from '../directory/organisation.repository';
import { PersonRepository } from '../directory/person.repository';
import type { TenantIds, TenantSpec } from '../directory/tenant-setup.service';
import { AddMembershipUseCase } from '../directory/use-cases/add-membership.use-case';
import { AppointOfficeHolderUseCase } from '../directory/use-cases/appoint-office-holder.use-case';
import { ChangeOrganisationUseCase } from '../directory/use-cases/change-organisation.use-case';
import { CreateBodyUseCase } from '../directory/use-cases/create-body.use-case';
import { CreateOfficeUseCase } from '../directory/use-cases/create-office.use-case';
import { CreateOrganisationUseCase } from '../directory/use-cases/create-organisation.use-case';
import { CreatePersonUseCase } from '../directory/use-cases/create-person.use-case';
import { CreateTenantUseCase } from '../directory/use-cases/create-tenant.use-case';
import { GrantDelegationUseCase } from '../directory/use-cases/grant-delegation.use-case';
import { NameSubstituteUseCase } from '../directory/use-cases/name-substitute.use-case';
import { apiKeyView } from '../directory/use-cases/read-api-keys.use-case';
import { PasswordLinkRepository } from '../staff/password-link.repository';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { StaffSessionsRepository } from '../staff/staff-sessions.repository';
import { PasswordHashing } from '../staff/password-hashing.service';
import { withinTransaction } from '../directory/use-cases/within-transaction.service';

/**
 * Writes the demo's directory, described by keys as the test worlds describe theirs, through the
 * directory's own use cases (from Nest) in the caller's transaction: the council is created as tenant:create
 * creates one (its administrator by the seed), and everything after by that administrator, as an
 * administrator would through the API or the pages. Every change is on the council's record of
 * directory changes, as it would be for a council that set itself up.
 *
 * Two things no use case does, written beside them with the same record: a CCG (abolished in
 * 2022, so no new ones; the demo's 2021/22 plan was agreed by one) and API keys whose value the
 * README prints (a key made by the use case is random).
 */
@Injectable()
export class DemoDirectoryService {
  constructor(
    private readonly createTenant: CreateTenantUseCase,
    private readonly changeOrganisation: ChangeOrganisationUseCase,
    private readonly createOrganisation: CreateOrganisationUseCase,
    private readonly createPerson: CreatePersonUseCase,
    private readonly createOffice: CreateOfficeUseCase,
    private readonly appointOfficeHolder: AppointOfficeHolderUseCase,
    private readonly createBody: CreateBodyUseCase,
    private readonly addMembership: AddMembershipUseCase,
    private readonly nameSubstitute: NameSubstituteUseCase,
    private readonly grantDelegation: GrantDelegationUseCase,
    private readonly organisations: OrganisationRepository,
    private readonly people: PersonRepository,
    private readonly keys: ApiKeyRepository,
    private readonly changes: DirectoryChangeRepository,
    private readonly links: PasswordLinkRepository,
    private readonly accounts: StaffAccountsRepository,
    private readonly sessions: StaffSessionsRepository,
    private readonly passwords: PasswordHashing,
  ) {}

  /** A local sign-in for one of the demo's people (the officer's, the governance lead's). */
  addStaffAccount(
    m: EntityManager,
    a: { tenantId: string; personId: string; role: StaffRole; password: string; at: Date },
  ): Promise<void> {
    return StaffAuthService.createAccount(this.accounts, m, a);
  }

  async write(
    m: EntityManager,
    clock: Clock,
    spec: TenantSpec,
    admin: { key: string; password: string },
  ): Promise<TenantIds> {
    const now = clock.now();
    const need = (map: Record<string, string>, key: string, what: string) => {
      const id = map[key];
      if (!id) throw new Error(`the demo's directory names unknown ${what} "${key}"`);
      return id;
    };
    const adminSpec = spec.people.find((p) => p.key === admin.key);
    if (!adminSpec?.organisation) throw new Error('the demo needs an administrator of the council');

    const tenant = await this.createTenant.create(
      {
        slug: spec.slug,
        name: spec.name,
        adminEmail: adminSpec.email,
        adminName: adminSpec.name,
      },
      { kind: 'system', tool: 'demo seed' },
      m,
    );
    const passwordSet = await new PasswordLinkUseCase(
      withinTransaction(m),
      clock,
      this.links,
      this.accounts,
      this.sessions,
      this.passwords,
    ).setPassword(tenant.passwordToken, admin.password, admin.password);
    if (!passwordSet.ok) throw new Error('the demo administrator’s password was refused');
    const tenantId = tenant.tenantId;
    const actor: Actor = {
      kind: 'person',
      tenantId,
      person: {
        id: tenant.admin.personId,
        tenantId,
        name: tenant.admin.name,
        email: tenant.admin.email,
        isOfficer: adminSpec.isOfficer ?? false,
      },
    };
    const by: DirectoryActor = {
      kind: 'person',
      personId: actor.person.id,
      name: actor.person.name,
    };
    const { changes } = this;
    const ids: TenantIds = {
      tenantId,
      organisations: {},
      people: { [admin.key]: tenant.admin.personId },
      offices: {},
      bodies: {},
      delegations: {},
    };

    for (const o of spec.organisations) {
      if (o.key === adminSpec.organisation) {
        // tenant:create names the council's own organisation after the tenant: the administrator
        // gives it its proper name.
        const own = (await this.people.find(tenantScope(tenantId), m, tenant.admin.personId))
          ?.organisationId;
        if (!own) throw new Error('tenant:create gave the demo administrator no organisation');
        await this.changeOrganisation.change(own, { expectedVersion: 1, name: o.name }, actor, m);
        ids.organisations[o.key] = own;
      } else if (o.kind === 'ccg') {
        const created = await this.organisations.insert(tenantScope(tenantId), m, {
          name: o.name,
          kind: 'ccg',
          activeFrom: null,
          activeUntil: null,
        });
        await changes.record(tenantScope(tenantId), m, {
          at: now,
          actor: by,
          subject: 'organisation',
          subjectId: created.id,
          action: 'created',
          before: null,
          after: created,
        });
        ids.organisations[o.key] = created.id;
      } else {
        const created = await this.createOrganisation.create(
          { name: o.name, kind: o.kind },
          actor,
          m,
        );
        ids.organisations[o.key] = created.id;
      }
    }

    const { keys } = this;
    for (const p of spec.people) {
      if (p.key !== admin.key) {
        const created = await this.createPerson.create(
          {
            name: p.name,
            email: p.email,
            organisationId: p.organisation
              ? need(ids.organisations, p.organisation, 'organisation')
              : null,
            isElectedMember: p.isElectedMember ?? false,
            isOfficer: p.isOfficer ?? false,
          },
          actor,
          m,
        );
        ids.people[p.key] = created.id;
      }
      if (p.apiKey) {
        const keyId = await keys.insert(tenantScope(tenantId), m, {
          personId: ids.people[p.key],
          name: `${p.name}'s demo key`,
          keyHash: apiKeyHash(p.apiKey),
          createdAt: now,
          expiresAt: null,
        });
        await changes.record(tenantScope(tenantId), m, {
          at: now,
          actor: by,
          subject: 'apiKey',
          subjectId: keyId,
          action: 'created',
          before: null,
          after: apiKeyView((await keys.find(tenantScope(tenantId), m, keyId))!, now),
        });
      }
    }

    for (const o of spec.offices) {
      const office = await this.createOffice.create(
        { title: o.title, organisationId: need(ids.organisations, o.organisation, 'organisation') },
        actor,
        m,
      );
      ids.offices[o.key] = office.id;
      if (o.holder)
        await this.appointOfficeHolder.appoint(
          office.id,
          {
            personId: need(ids.people, o.holder, 'person'),
            from: o.holderFrom ?? '2000-01-01',
            kind: 'substantive',
          },
          actor,
          m,
        );
    }

    const rulesOf: Record<string, BodyRules> = {};
    for (const b of spec.bodies) {
      if (!b.rules) throw new Error(`the demo's body "${b.key}" needs its rules`);
      const rules = bodyRulesSchema.parse(
        b.rules((k) => need(ids.organisations, k, 'organisation')),
      );
      const body = await this.createBody.create({ name: b.name, kind: b.kind, rules }, actor, m);
      ids.bodies[b.key] = body.id;
      rulesOf[b.key] = rules;
    }

    const seats = new Map<string, string>();
    for (const s of spec.memberships) {
      const organisationId = s.organisation
        ? need(ids.organisations, s.organisation, 'organisation')
        : null;
      const constituency =
        s.constituency ??
        rulesOf[s.body]?.constituencies.find(
          (c) => organisationId && c.organisationId === organisationId,
        )?.key ??
        null;
      const seat = await this.addMembership.add(
        need(ids.bodies, s.body, 'body'),
        {
          personId: need(ids.people, s.person, 'person'),
          constituency,
          role: s.role,
          validFrom: s.validFrom,
        },
        actor,
        m,
      );
      seats.set(`${s.body}|${s.person}`, seat.id);
    }
    for (const x of spec.substitutes ?? []) {
      await this.nameSubstitute.name(
        need(Object.fromEntries(seats), `${x.body}|${x.member}`, 'seat'),
        {
          personId: need(ids.people, x.person, 'person'),
          validFrom: x.validFrom,
          reference: x.reference,
        },
        actor,
        m,
      );
    }

    for (const d of spec.delegations) {
      const granted = await this.grantDelegation.grant(
        {
          delegatorBodyId: need(ids.bodies, d.body, 'body'),
          delegateOfficeId: need(ids.offices, d.office, 'office'),
          scope: d.scope,
          reference: d.reference,
          amountLimit: d.amountLimit ?? null,
          conditions: d.conditions ?? [],
          validFrom: londonDate(d.validFrom),
          validUntil: d.validUntil ? londonDate(d.validUntil) : null,
        },
        actor,
        m,
      );
      ids.delegations[d.key] = granted.id;
    }
    return ids;
  }
}
