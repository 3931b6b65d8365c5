import { IndexBuildWaiting, type BuildElsewhere } from './index-build-wait.service';

const INDEX = { name: 'IDX_cases_tenant_created', table: 'cases' };
const SCANNING: BuildElsewhere = {
  pid: 4242,
  command: 'CREATE INDEX CONCURRENTLY',
  index: 'IDX_cases_tenant_created',
  phase: 'building index: scanning table',
  blocksDone: '1200',
  blocksTotal: '90000',
  tuplesDone: '0',
  tuplesTotal: '0',
};

describe('waiting for another session’s build of an index', () => {
  it('says the build’s phase and how many blocks it has read, first at once and then every interval', async () => {
    const lines: string[] = [];
    const waiting = new IndexBuildWaiting(INDEX, {
      log: (l) => lines.push(l),
      firstNoticeMs: 0,
      noticeEveryMs: 3_600_000,
      pollMs: 0,
    });
    await waiting.pause({ build: SCANNING });
    await waiting.pause({ build: SCANNING });

    expect(lines).toEqual([
      'waiting for index IDX_cases_tenant_created on cases (0 s so far, giving up after 21600 s): it is being built by another session: building index: scanning table, blocks 1200 of 90000 (PostgreSQL server process 4242: CREATE INDEX CONCURRENTLY of index IDX_cases_tenant_created)',
    ]);
  });

  it('says nothing before the first notice is due', async () => {
    const lines: string[] = [];
    const waiting = new IndexBuildWaiting(INDEX, {
      log: (l) => lines.push(l),
      firstNoticeMs: 3_600_000,
      pollMs: 0,
    });
    await waiting.pause({ build: { ...SCANNING, tuplesDone: '5', tuplesTotal: '9' } });
    expect(lines).toEqual([]);
  });

  it('fails past its bound, naming the index, the build and what to do', async () => {
    const waiting = new IndexBuildWaiting(INDEX, { waitSeconds: 0, pollMs: 0 });
    await expect(
      waiting.pause({
        build: {
          ...SCANNING,
          phase: 'index validation: scanning table',
          blocksTotal: '0',
          tuplesDone: '5',
          tuplesTotal: '9',
        },
      }),
    ).rejects.toThrow(
      /^migration stopped: index IDX_cases_tenant_created on cases is being built by another session: index validation: scanning table, tuples 5 of 9 \(PostgreSQL server process 4242: CREATE INDEX CONCURRENTLY of index IDX_cases_tenant_created\), after 0 s of waiting \(INDEX_BUILD_WAIT_SECONDS is 0\)\. .*SELECT pg_cancel_backend\(4242\).*Or set INDEX_BUILD_WAIT_SECONDS longer\.$/,
    );
  });

  it('names the sessions holding the table’s lock when the drop of an INVALID index could not have it', async () => {
    const waiting = new IndexBuildWaiting(INDEX, { waitSeconds: 0, pollMs: 0 });
    await expect(
      waiting.pause({ lockHolders: [{ pid: 77, mode: 'ShareUpdateExclusiveLock' }] }),
    ).rejects.toThrow(
      'index IDX_cases_tenant_created on cases is INVALID and its drop waits for a lock on its table held by PostgreSQL server process 77 (ShareUpdateExclusiveLock)',
    );
  });
});
