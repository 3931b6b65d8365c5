/**
 * `npm run tenant:create -- --slug S --name "N" --admin-email E [--admin-name "A"] [--api-key "K"]`:
 * a new council with its first administrator, and a one-time link for them to set a password (and,
 * with --api-key, an API key of theirs named K, to set the council up by API). Exits 2, saying
 * what to fix and creating nothing, when the slug is taken or not lower-case letters, digits and
 * hyphens, or an argument is missing or wrong.
 */
import { parseArgs } from 'node:util';
import { loadSettings } from '../libs/config/settings.service';
import { openProductDatabase } from '../libs/database/database-bootstrap.service';
import { CreateTenantUseCase } from '../libs/directory/use-cases/create-tenant.use-case';
import { SystemClock } from '../libs/core/clock.service';
import { InvalidInputError } from '../libs/errors/domain.errors';
import { PASSWORD_LINK_HOURS } from '../libs/staff/password-link.use-case';
import { OrganisationRepository } from '../libs/directory/organisation.repository';
import { PersonRepository } from '../libs/directory/person.repository';
import { DirectoryChangeRepository } from '../libs/directory/directory-change.repository';
import { ApiKeyRepository } from '../libs/directory/api-key.repository';
import { PasswordLinkRepository } from '../libs/staff/password-link.repository';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { TenantRepository } from '../libs/directory/tenant.repository';

const USAGE =
  'usage: npm run tenant:create -- --slug <slug> --name "<council name>" --admin-email <email> [--admin-name "<name>"] [--api-key "<what the key is for>"]';

/** A usage mistake: said on stderr with the usage line, exit code 2. */
class UsageError extends Error {}

const FLAG_OF: Record<string, string> = {
  slug: '--slug',
  name: '--name',
  adminEmail: '--admin-email',
  adminName: '--admin-name',
  adminApiKey: '--api-key',
};

function argsOf(argv: string[]): Record<string, string | undefined> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        slug: { type: 'string' },
        name: { type: 'string' },
        'admin-email': { type: 'string' },
        'admin-name': { type: 'string' },
        'api-key': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    return {
      slug: values.slug,
      name: values.name,
      adminEmail: values['admin-email'],
      adminName: values['admin-name'],
      adminApiKey: values['api-key'],
    };
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

async function main(): Promise<number> {
  const input = argsOf(process.argv.slice(2));
  const missing = (['slug', 'name', 'adminEmail'] as const).filter((k) => !input[k]);
  if (missing.length > 0) throw new UsageError(`give ${missing.map((k) => FLAG_OF[k]).join(', ')}`);
  const settings = loadSettings();
  const db = await openProductDatabase(settings, () => undefined);
  try {
    const created = await new CreateTenantUseCase(
      db.dataSource,
      new SystemClock(),
      new OrganisationRepository(),
      new PersonRepository(),
      new DirectoryChangeRepository(),
      new ApiKeyRepository(),
      new PasswordLinkRepository(),
      new TenantRepository(),
      new StaffAccountsRepository(),
    ).create(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    const link = new URL(`/set-password/${created.passwordToken}`, settings.PUBLIC_ORIGIN);
    console.log(
      [
        `Created ${created.name} (slug ${created.slug}) with its first administrator, ${created.admin.name} <${created.admin.email}>.`,
        `Send them this one-time link to set a password; it works once, for ${PASSWORD_LINK_HOURS} hours:`,
        `  ${link.toString()}`,
        ...(created.adminApiKey
          ? [
              `Their API key (shown this once; it acts as them until revoked on the API keys page):`,
              `  ${created.adminApiKey}`,
            ]
          : []),
      ].join('\n'),
    );
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`tenant:create: ${e.message}\n${USAGE}`);
      process.exit(2);
    }
    if (e instanceof InvalidInputError) {
      const lines = e.problems.map((p) => `  ${FLAG_OF[p.path] ?? p.path}: ${p.message}`);
      console.error([`tenant:create: ${e.detail} Nothing was created.`, ...lines].join('\n'));
      process.exit(2);
    }
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
