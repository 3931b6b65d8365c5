import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { SWEEP_ROLE } from './tenant-bound-connections.service';

/**
 * The group role the app and the workers act through (migrations/1796356381593-runtime-role.ts):
 * read and write on the tables they use, INSERT and SELECT only on the append-only records, owner
 * of nothing.
 */
export const RUNTIME_GROUP = 'ratify_runtime';

/** The login role the embedded default makes for the app and the workers. */
export const EMBEDDED_RUNTIME_LOGIN = 'ratify_app';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Makes `login` a login role with `password` and a member of ratify_runtime, as the owner (or a
 * superuser) at `ownerUrl`; run after the migrations, which make the group role. Idempotent: the
 * password is set again each time, so that the one kept in DATA_DIR always works.
 */
export async function ensureRuntimeLogin(
  ownerUrl: string,
  login: string,
  password: string,
): Promise<void> {
  if (!IDENTIFIER.test(login)) throw new Error(`${login} is not a plain PostgreSQL role name`);
  const c = new Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    const secret = c.escapeLiteral(password);
    const found = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login]);
    await c.query(
      found.rowCount
        ? `ALTER ROLE ${login} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${secret}`
        : `CREATE ROLE ${login} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${secret}`,
    );
    await c.query(`GRANT ${RUNTIME_GROUP} TO ${login}`);
    // The sweep across councils only when asked for (SET ROLE), never inherited (ADR 0015).
    await c.query(`GRANT ${SWEEP_ROLE} TO ${login} WITH INHERIT FALSE, SET TRUE`);
  } finally {
    await c.end();
  }
}

/** `url` with another user and password (the same server and database). */
export function asRole(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * What is wrong with the role the app connects as, in sentences for the start-up log: a superuser
 * or an owner of the tables could switch off the audit table's triggers, and so could any SQL
 * injection. Empty when it is a runtime role that owns nothing.
 */
export async function runtimeRoleWarnings(ds: DataSource): Promise<string[]> {
  const [me]: { name: string; superuser: boolean; owned: number; member: boolean }[] =
    await ds.query(
      `SELECT current_user AS name, r.rolsuper AS superuser,
              (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relowner = r.oid) AS owned,
              pg_has_role(current_user, $1, 'MEMBER') AS member
         FROM pg_roles r WHERE r.rolname = current_user`,
      [RUNTIME_GROUP],
    );
  const warnings: string[] = [];
  if (me.superuser)
    warnings.push(
      `the app connects to PostgreSQL as the superuser ${me.name}: give DATABASE_URL a role that is a member of ${RUNTIME_GROUP} and owns nothing, and MIGRATION_DATABASE_URL the owner (README, Security)`,
    );
  else if (me.owned > 0)
    warnings.push(
      `the app connects to PostgreSQL as ${me.name}, which owns ${me.owned} tables and could switch off the audit table's triggers: give DATABASE_URL a member of ${RUNTIME_GROUP} that owns nothing, and MIGRATION_DATABASE_URL the owner (README, Security)`,
    );
  else if (!me.member)
    warnings.push(
      `the app's PostgreSQL role ${me.name} is not a member of ${RUNTIME_GROUP}: GRANT ${RUNTIME_GROUP} TO ${me.name}`,
    );
  return warnings;
}
