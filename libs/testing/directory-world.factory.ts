import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { TenantSpec } from '../directory/tenant-setup.service';
import type { StaffRole } from '../staff/staff-account.entity';
import { BcfWorld, buildBcfWorld } from './world.factory';

export interface DirectoryWorld extends BcfWorld {
  /** The API key of the council's administrator (Riley Shaw), who keeps its directory. */
  adminKey: string;
  adminId: string;
}

/**
 * A BCF world with an administrator who keeps the directory: a person with an API key and an
 * enabled staff account of role administrator (no password: the API is reached by key).
 */
export async function buildDirectoryWorld(
  ds: DataSource,
  tweak?: (spec: TenantSpec) => void,
): Promise<DirectoryWorld> {
  const adminKey = `test-admin-${randomBytes(12).toString('hex')}`;
  const world = await buildBcfWorld(ds, {
    tweak: (spec) => {
      spec.people.push({
        key: 'admin',
        name: 'Riley Shaw',
        email: `riley.shaw@${spec.slug}.test`,
        organisation: 'council',
        apiKey: adminKey,
      });
      tweak?.(spec);
    },
  });
  const adminId = world.ids.people.admin;
  await giveStaffAccount(ds, world.tenantId, adminId, 'administrator');
  return { ...world, adminKey, adminId };
}

/** An enabled staff account of `role` for a person of the tenant, without a password. */
export async function giveStaffAccount(
  ds: DataSource,
  tenantId: string,
  personId: string,
  role: StaffRole,
): Promise<void> {
  await ds.query(
    `INSERT INTO staff_accounts (tenant_id, person_id, role, password_hash, created_at) VALUES ($1, $2, $3, NULL, now())`,
    [tenantId, personId, role],
  );
}
