/**
 * Tests by cost, as jest projects: plain `jest` runs them all, each once; `npm run test:<project>`
 * (RATIFY_TESTS=<project>[,<project>] jest, which takes paths and options) or `jest --selectProjects`
 * runs some:
 * - unit: *.spec.ts beside the code, no database (PostgreSQL is not started for them);
 * - integration: *.integration-spec.ts on a real PostgreSQL, a database per file;
 * - e2e: journeys through HTTP and worker processes (test/*.e2e-spec.ts);
 * - browser: the journeys driven in Chromium (*-browser.e2e-spec.ts).
 */
const shared = {
  rootDir: '.',
  testEnvironment: 'node',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
};

/** One PostgreSQL for the run, started once for whichever of these projects run (jest dedupes it). */
const withPostgres = {
  globalSetup: '<rootDir>/libs/testing/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/global-teardown.ts',
};

const projects = [
  { ...shared, displayName: 'unit', testRegex: '.*\\.spec\\.ts$' },
  {
    ...shared,
    ...withPostgres,
    displayName: 'integration',
    testRegex: '.*\\.integration-spec\\.ts$',
  },
  {
    ...shared,
    ...withPostgres,
    displayName: 'e2e',
    testRegex: '.*\\.e2e-spec\\.ts$',
    testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '-browser\\.e2e-spec\\.ts$'],
  },
  {
    ...shared,
    ...withPostgres,
    displayName: 'browser',
    testRegex: '.*-browser\\.e2e-spec\\.ts$',
  },
];

const chosen = process.env.RATIFY_TESTS?.split(',');

module.exports = {
  // An upper bound, not a measure: on a busy 2-core machine (load near 20) a file's app and
  // database took more than 60 s to start in beforeAll. Speed is measured by the benchmarks.
  testTimeout: 180_000,
  maxWorkers: 2,
  // A worker runs file after file, and its heap grows with each Nest app and module graph loaded:
  // over a whole run one reached 3.7 GB and was killed mid-file (out of memory). Above 1 GB after a
  // file, jest starts it afresh for the next one.
  workerIdleMemoryLimit: '1GB',
  // That check also follows a worker's last file, and races the run's end: a worker above 1 GB is
  // replaced by a new one, which is asked to end at once. Starting Node on the loaded machine takes
  // longer than jest's 500 ms, so jest killed it and said "A worker process has failed to exit
  // gracefully", though nothing was left open. A real leak still gets that warning, 10 s later.
  workerGracefulExitTimeout: 10_000,
  projects: chosen ? projects.filter((p) => chosen.includes(p.displayName)) : projects,
};
