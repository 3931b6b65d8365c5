import { z } from 'zod';
import { DEFAULT_POOL } from './database-pool.settings';

/**
 * Every setting the product reads, with a one-line doc and a message that says how to fix a bad
 * value. Read once at start-up so a misconfiguration stops the process before it serves anything.
 */
const schema = z.object({
  /** HTTP port of the API. */
  PORT: wholeNumber('PORT', 'a TCP port', 1, 65535).default(3000),
  /**
   * An external PostgreSQL (postgres://user:pass@host:port/db) as the runtime role the app and the
   * workers use: a member of ratify_runtime that owns nothing (README, Security). Unset: the
   * embedded one is started.
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  /**
   * The same database as the role that owns the schema, used only to run the migrations at
   * start-up. Unset: DATABASE_URL's role runs them (and then owns the tables it uses).
   */
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\//,
      'MIGRATION_DATABASE_URL must start with postgres:// or postgresql://',
    )
    .optional(),
  /**
   * How long a starting process waits for another's migrations (the migration lock) before it
   * fails, saying who holds the lock (seconds). Longer than the release's online index builds.
   */
  MIGRATION_LOCK_WAIT_SECONDS: wholeNumber(
    'MIGRATION_LOCK_WAIT_SECONDS',
    'a whole number of seconds',
    1,
  ).default(900),
  /**
   * How long a migration's online index build waits for another session's build of the same
   * index (one started by hand, or left running by a process that was killed) before it fails,
   * naming the index and what to do (seconds). Its progress is logged every minute meanwhile.
   */
  INDEX_BUILD_WAIT_SECONDS: wholeNumber(
    'INDEX_BUILD_WAIT_SECONDS',
    'a whole number of seconds',
    1,
  ).default(21_600),
  /**
   * Whether the engine's two statements per event are prepared by name on each pooled connection
   * (faster). Set false behind a connection pooler that cannot keep prepared statements (PgBouncer
   * before 1.21, or without max_prepared_statements, in transaction mode).
   */
  DATABASE_NAMED_STATEMENTS: z
    .enum(['true', 'false'], { message: 'DATABASE_NAMED_STATEMENTS must be true or false' })
    .default('true'),
  /**
   * Connections each process keeps open to PostgreSQL at most (the API's requests and a worker's
   * jobs share them). Their sum over every process must stay below the server's max_connections
   * (or PgBouncer's pool).
   */
  DATABASE_POOL_SIZE: wholeNumber(
    'DATABASE_POOL_SIZE',
    'a whole number of connections',
    1,
    200,
  ).default(DEFAULT_POOL.size),
  /**
   * How long an unused connection stays open before it is closed (seconds; 0: never closed):
   * a new one costs a sign-in and cold caches on both sides (docs/adr/0049).
   */
  DATABASE_POOL_IDLE_SECONDS: wholeNumber(
    'DATABASE_POOL_IDLE_SECONDS',
    'a whole number of seconds',
    0,
    86_400,
  ).default(DEFAULT_POOL.idleSeconds),
  /**
   * How long a request or a worker's job waits for one of the pool's connections (all of them
   * busy, or PostgreSQL refusing a new one) before it is refused: a request with 503 DATABASE_BUSY
   * and Retry-After, never a hang (docs/adr/0050).
   */
  DATABASE_POOL_WAIT_SECONDS: wholeNumber(
    'DATABASE_POOL_WAIT_SECONDS',
    'a whole number of seconds',
    1,
    300,
  ).default(DEFAULT_POOL.waitSeconds),
  /**
   * The Ed25519 private key (PKCS #8 PEM file) that signs audit checkpoints: keep it where the
   * database's administrators cannot reach it. Unset: one made under DATA_DIR (development).
   */
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** How often the worker checkpoints each council's audit chains (minutes). */
  AUDIT_CHECKPOINT_MINUTES: wholeNumber(
    'AUDIT_CHECKPOINT_MINUTES',
    'a whole number of minutes',
    1,
  ).default(60),
  /** Where the embedded PostgreSQL keeps its files when DATABASE_URL is unset. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** Port of the embedded PostgreSQL. */
  EMBEDDED_PG_PORT: wholeNumber('EMBEDDED_PG_PORT', 'a free TCP port', 1024, 65535).default(54329),
  /**
   * max_connections of the embedded PostgreSQL: the pools of an API and up to eight worker
   * processes at the default DATABASE_POOL_SIZE, with room for psql, pg_dump and migrations
   * (docs/operations.md, Connections). PostgreSQL's own default, 100, is five processes' pools.
   */
  EMBEDDED_PG_MAX_CONNECTIONS: wholeNumber(
    'EMBEDDED_PG_MAX_CONNECTIONS',
    'a whole number of connections',
    10,
    10_000,
  ).default(200),
  /** Which parts run in this process: all (API and worker), api, or worker. */
  RATIFY_ROLE: z
    .enum(['all', 'api', 'worker'], { message: 'RATIFY_ROLE must be all, api or worker' })
    .default('all'),
  /**
   * Seed the demo tenant (with its published passwords and API keys) on start when the database
   * has no tenants. Development only: `npm start` asks for it; refused in production.
   */
  SEED_DEMO: z
    .enum(['true', 'false'], { message: 'SEED_DEMO must be true or false' })
    .default('false'),
  /** `production` refuses the development mailbox and the demo seed. */
  NODE_ENV: z.string().optional(),
  /** How often the worker looks for due deadlines and pending effects, in milliseconds. */
  WORKER_INTERVAL_MS: wholeNumber(
    'WORKER_INTERVAL_MS',
    'a whole number of milliseconds',
    50,
  ).default(1000),
  /**
   * While a worker's deadline sweep has a backlog, its outbox sends no emails but one batch at
   * least this often, in milliseconds (apps/worker/deadlines-first.service.ts); 0: no waiting.
   */
  WORKER_EMAIL_MAX_DEFER_MS: wholeNumber(
    'WORKER_EMAIL_MAX_DEFER_MS',
    'a whole number of milliseconds',
    0,
    300_000,
  ).default(10_000),
  /**
   * Public origin used to build links in emails; never taken from a request's Host header. Single
   * sign-on's redirect URI is PUBLIC_ORIGIN/sign-in/oidc/callback (what a council's IT registers).
   * Unset: http://localhost:PORT, so that a development server on another port links to itself.
   */
  PUBLIC_ORIGIN: z
    .string()
    .url('PUBLIC_ORIGIN must be an absolute URL such as https://ratify.example.org')
    .optional(),
  /**
   * SMTP server for outgoing mail, as smtp://user:pass@host:port or smtps://... Unset: emails wait in
   * the outbox, and password reset emails are not sent (they never go through the outbox).
   *
   * Not listed here because their names are chosen per provider: OIDC_<NAME> (e.g.
   * OIDC_PORTSMOUTH_SECRET) holds the client secret of an identity provider whose row at
   * /admin/sign-in names it; unset, nobody signs in through that provider and the page says so.
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
    .optional(),
  /** Sender address of outgoing mail. */
  MAIL_FROM: z.string().email('MAIL_FROM must be an email address').default('ratify@example.org'),
  /** Secret (at least 32 characters) from which action-link tokens are derived. Unset: a random one kept in DATA_DIR/link-secret. */
  LINK_SECRET: z
    .string()
    .min(32, 'LINK_SECRET must be at least 32 characters; generate one with openssl rand -hex 32')
    .optional(),
  /**
   * The AES-256-GCM key that encrypts authenticator-app seeds at rest (64 hex characters); keep it
   * outside the database and its backups. Unset: a random one kept in DATA_DIR/second-factor-key.
   */
  SECOND_FACTOR_KEY: z
    .string()
    .regex(
      /^[0-9a-fA-F]{64}$/,
      'SECOND_FACTOR_KEY must be 64 hexadecimal characters (32 bytes); generate one with openssl rand -hex 32',
    )
    .optional(),
  /** Run an SMTP server inside the app that keeps what it receives, with a mailbox page at /dev/mailbox. Development only. */
  DEV_MAILBOX: z
    .enum(['true', 'false'], { message: 'DEV_MAILBOX must be true or false' })
    .default('false'),
  /** Port of the development SMTP server. */
  DEV_SMTP_PORT: wholeNumber('DEV_SMTP_PORT', 'a free TCP port', 1024, 65535).default(2525),
  /** Requests to action-link pages allowed per IP address per minute. */
  LINK_RATE_LIMIT_PER_MINUTE: wholeNumber(
    'LINK_RATE_LIMIT_PER_MINUTE',
    'a whole number of requests',
    1,
  ).default(30),
  /**
   * The years a date typed into Ratify may fall in, as FIRST-LAST (default 1990-2100). A date
   * outside them is refused as a typing mistake (0202 for 2026) before any rule counts days.
   */
  CALENDAR_YEARS: z
    .string()
    .regex(/^\d{4}-\d{4}$/, 'CALENDAR_YEARS must be two years such as 1990-2100')
    .refine((v) => Number(v.slice(0, 4)) < Number(v.slice(5)), {
      message: 'CALENDAR_YEARS must run forwards, such as 1990-2100',
    })
    .default('1990-2100'),
  /** Requests to the API allowed per minute for each API key (and for each address without one). */
  API_RATE_LIMIT_PER_MINUTE: wholeNumber(
    'API_RATE_LIMIT_PER_MINUTE',
    'a whole number of requests',
    1,
  ).default(600),
  /** How long a request may take to arrive whole, in milliseconds: a slow body is cut off after it. */
  REQUEST_TIMEOUT_MS: wholeNumber(
    'REQUEST_TIMEOUT_MS',
    'a whole number of milliseconds',
    1000,
    300_000,
  ).default(30_000),
  /**
   * Documents sent over the API (base64 in JSON, up to 14 MB) read and handled at the same time;
   * the others wait their turn unread. Each can take about 60 MB of memory while it is handled.
   */
  DOCUMENT_UPLOADS_AT_ONCE: wholeNumber('DOCUMENT_UPLOADS_AT_ONCE', 'a whole number', 1).default(1),
  /**
   * Passwords hashed or checked at the same time (argon2id, 19 MiB each while it runs); the others
   * wait their turn for at most half of REQUEST_TIMEOUT_MS, then are asked to try again.
   */
  PASSWORD_CHECKS_AT_ONCE: wholeNumber('PASSWORD_CHECKS_AT_ONCE', 'a whole number', 1, 64).default(
    2,
  ),
  /**
   * Which proxies' X-Forwarded-For to believe, so that rate limits and evidence see the person's
   * address: loopback (default), a number of hops, or comma-separated addresses or CIDR ranges of
   * the load balancers (e.g. 10.0.0.0/8), or false to believe none.
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(false|\d{1,2}|((loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*)?)+)$/,
      'TRUST_PROXY must be false, a number of hops, or addresses or CIDR ranges such as loopback,10.0.0.0/8',
    )
    .default('loopback'),
  /**
   * Readiness (/health/ready) fails when the oldest due email or deadline has waited longer than
   * this many seconds: the workers are stuck or missing.
   */
  HEALTH_BACKLOG_MAX_AGE_SECONDS: wholeNumber(
    'HEALTH_BACKLOG_MAX_AGE_SECONDS',
    'a whole number of seconds',
    1,
  ).default(900),
  /**
   * Port of the Prometheus /metrics endpoint, served apart from the public port so that only the
   * scraper's network reaches it (API and worker processes alike). Unset: no metrics served.
   */
  METRICS_PORT: wholeNumber('METRICS_PORT', 'a TCP port', 1, 65535).optional(),
  /** Address the metrics port listens on: 127.0.0.1 (default), or 0.0.0.0 in a container. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Least severe log level written: fatal, error, warn, info (default) or debug. */
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug'], {
      message: 'LOG_LEVEL must be fatal, error, warn, info or debug',
    })
    .default('info'),
  /**
   * On SIGTERM, how long requests in flight and worker jobs running may take to finish, in
   * milliseconds, before the process closes what is left and exits.
   */
  SHUTDOWN_GRACE_MS: wholeNumber(
    'SHUTDOWN_GRACE_MS',
    'a whole number of milliseconds',
    0,
    600_000,
  ).default(25_000),
  /**
   * Whether administrators who sign in with a password must use an authenticator app as well:
   * required or optional. Unset: required when NODE_ENV is production or PUBLIC_ORIGIN is https,
   * optional otherwise (the demo and tests), as secondFactorForAdministrators() says.
   */
  ADMIN_SECOND_FACTOR: z
    .enum(['required', 'optional'], { message: 'ADMIN_SECOND_FACTOR must be required or optional' })
    .optional(),
  /** A file holding the current time as ISO 8601, for tests that drive the clock across processes. */
  RATIFY_CLOCK_FILE: z.string().optional(),
});

/** Development conveniences that would expose a real council: refused where the public can reach. */
const safeSchema = schema
  .transform((s) => ({ ...s, PUBLIC_ORIGIN: s.PUBLIC_ORIGIN ?? `http://localhost:${s.PORT}` }))
  .superRefine((s, ctx) => {
    const production = s.NODE_ENV === 'production' || s.PUBLIC_ORIGIN.startsWith('https:');
    if (!production) return;
    const where = s.NODE_ENV === 'production' ? 'NODE_ENV is production' : 'PUBLIC_ORIGIN is https';
    if (s.DEV_MAILBOX === 'true')
      ctx.addIssue({
        code: 'custom',
        path: ['DEV_MAILBOX'],
        message: `DEV_MAILBOX must be false when ${where}: the mailbox shows every action link without sign-in; set SMTP_URL instead`,
      });
    if (s.SEED_DEMO === 'true')
      ctx.addIssue({
        code: 'custom',
        path: ['SEED_DEMO'],
        message: `SEED_DEMO must be false when ${where}: the demo's passwords and API keys are published; create a tenant instead`,
      });
  });

export type Settings = z.output<typeof safeSchema>;

/** ADMIN_SECOND_FACTOR as set, else required wherever the public can reach. */
export function secondFactorForAdministrators(
  s: Pick<Settings, 'ADMIN_SECOND_FACTOR' | 'NODE_ENV' | 'PUBLIC_ORIGIN'>,
): 'required' | 'optional' {
  if (s.ADMIN_SECOND_FACTOR) return s.ADMIN_SECOND_FACTOR;
  return s.NODE_ENV === 'production' || s.PUBLIC_ORIGIN.startsWith('https:')
    ? 'required'
    : 'optional';
}

export class InvalidSettingsError extends Error {}

/** CALENDAR_YEARS as the first and last year. */
export function calendarYearsOf(settings: Pick<Settings, 'CALENDAR_YEARS'>): {
  earliest: number;
  latest: number;
} {
  const [earliest, latest] = settings.CALENDAR_YEARS.split('-').map(Number);
  return { earliest, latest };
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = safeSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new InvalidSettingsError(`Invalid settings:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The injection token of the validated settings (provided by the engine module). */
export const SETTINGS = Symbol('SETTINGS');

/**
 * A whole number setting from `least` (to `most`), `what` being e.g. "a whole number of seconds".
 * An empty value (NAME= in an env file) is refused as empty, not read as 0 as z.coerce reads it: 0
 * is a value of its own for some (WORKER_EMAIL_MAX_DEFER_MS: no waiting at all), and a setting's
 * default is had by leaving it unset, as for the others (an empty address or choice is refused).
 */
function wholeNumber(name: string, what: string, least: number, most?: number) {
  const bounds = most === undefined ? `, at least ${least}` : ` from ${least} to ${most}`;
  const wrong = `${name} must be ${what}${bounds}`;
  return z
    .string()
    .trim()
    .min(1, `${name} is empty: set ${what}${bounds}, or unset it for its default`)
    .pipe(
      z.coerce
        .number<string>(wrong)
        .int(wrong)
        .min(least, wrong)
        .max(most ?? Infinity, wrong),
    );
}
