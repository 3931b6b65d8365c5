import { VersionsLeftToNewerBuild, type DueOnVersion } from './newer-build-versions.service';
import { findTemplate } from './template.registry';

describe('what a worker says of the rows it left to a newer build', () => {
  const on = (tenant_id: string, template_version: number, due: number): DueOnVersion => ({
    tenant_id,
    template_id: 'bcf-delegated-sign-off',
    template_version,
    due,
  });

  it('says once a version how many rows it left, in how many councils, and nothing of the versions it has', () => {
    expect(findTemplate('bcf-delegated-sign-off', 2)).toBeDefined();
    const said: string[] = [];
    const newer = new VersionsLeftToNewerBuild(['deadline', 'deadlines'], (m) => said.push(m));
    newer.tell([on('a', 99, 3), on('b', 99, 2), on('a', 2, 7), on('b', 98, 1)]);
    newer.tell([on('a', 99, 4), on('c', 98, 5)]);
    expect(said).toEqual([
      expect.stringMatching(
        /^5 deadlines due on cases of bcf-delegated-sign-off version 99 \(2 councils\)/,
      ),
      expect.stringMatching(
        /^1 deadline due on cases of bcf-delegated-sign-off version 98 \(one council\)/,
      ),
    ]);
  });

  it('counts a council’s rows by version only when its claims came back short of what was due', () => {
    expect(VersionsLeftToNewerBuild.mayHaveLeft(10, 10, true)).toBe(false);
    expect(VersionsLeftToNewerBuild.mayHaveLeft(10, 7, true)).toBe(true);
    // Stopped by the tick's bound, not short: the rest is the next tick's to claim.
    expect(VersionsLeftToNewerBuild.mayHaveLeft(10, 7, false)).toBe(false);
  });
});
