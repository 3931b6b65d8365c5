import { ModulesContainer } from '@nestjs/core';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { OfficeHandOverJob } from '../worker/office-hand-over.job';
import { CasesController } from '../api/cases/cases.controller';
import { loadSettings } from '../../libs/config/settings.service';
import { ManualClock } from '../../libs/core/clock.service';
import { ScheduledCoverUseCase } from '../../libs/directory/absences/scheduled-cover.use-case';
import { ScheduledHandOverUseCase } from '../../libs/directory/use-cases/scheduled-hand-over.use-case';
import { AppModule, type ProcessRole } from './app.module';

/**
 * Nest resolves every provider's constructor when a process starts, and a repository or use case
 * missing from the modules fails the start, not a test of the code that uses it (issue #14: the
 * repositories are injected). Each process role's module graph is built here without a database
 * (nothing connects before a request or a job).
 */
describe('the app module graph resolves for each process role', () => {
  const build = (role: ProcessRole) =>
    Test.createTestingModule({
      imports: [
        AppModule.forRoot({
          dataSource: new DataSource({ type: 'postgres' }),
          clock: new ManualClock(new Date('2026-01-05T09:00:00Z')),
          settings: loadSettings({ SEED_DEMO: 'false' }),
          role,
        }),
      ],
    }).compile();

  it('builds the worker: its jobs and the use cases they run, with their repositories', async () => {
    const worker = await build('worker');
    expect(worker.get(OfficeHandOverJob)).toBeInstanceOf(OfficeHandOverJob);
    expect(worker.get(ScheduledHandOverUseCase)).toBeInstanceOf(ScheduledHandOverUseCase);
    expect(worker.get(ScheduledCoverUseCase)).toBeInstanceOf(ScheduledCoverUseCase);
    await worker.close();
  });

  it('builds the API on its own (npm run start:api): its controllers, with no worker job', async () => {
    const api = await build('api');
    expect(api.get(CasesController)).toBeInstanceOf(CasesController);
    expect(() => api.get(OfficeHandOverJob)).toThrow();
    await api.close();
  });

  it('builds the API and the worker in one process (npm start)', async () => {
    const all = await build('all');
    expect(all.get(CasesController)).toBeInstanceOf(CasesController);
    expect(all.get(ScheduledHandOverUseCase)).toBeInstanceOf(ScheduledHandOverUseCase);
    await all.close();
  });

  /** The repository classes that more than one module provides, with the modules that do. */
  const repositoriesProvidedTwice = (app: TestingModule) => {
    const providers = new Map<string, string[]>();
    for (const module of app.get(ModulesContainer).values()) {
      for (const token of module.providers.keys()) {
        if (typeof token !== 'function' || !token.name.endsWith('Repository')) continue;
        providers.set(token.name, [...(providers.get(token.name) ?? []), module.metatype.name]);
      }
    }
    return [...providers].filter(([, modules]) => modules.length > 1);
  };

  it.each(['all', 'api', 'worker'] as const)(
    'provides each repository once in the %s role (one instance, one place to wire it)',
    async (role) => {
      const app = await build(role);
      expect(repositoriesProvidedTwice(app)).toEqual([]);
      await app.close();
    },
  );
});
