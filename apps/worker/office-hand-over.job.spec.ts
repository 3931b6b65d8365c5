import { SchedulerRegistry } from '@nestjs/schedule';
import type { ScheduledCoverUseCase } from '../../libs/directory/absences/scheduled-cover.use-case';
import type { ScheduledHandOverUseCase } from '../../libs/directory/use-cases/scheduled-hand-over.use-case';
import { OfficeHandOverJob } from './office-hand-over.job';

/** The hourly hand-over: office holders' and absences' deputies' turns do not depend on each other. */
describe('the hourly hand-over job', () => {
  it('still hands over to absences’ deputies when the office holders’ hand-over fails, and reports the failure', async () => {
    const covered: string[] = [];
    const holders = {
      run: () => Promise.reject(new Error('the office holders’ hand-over failed')),
    } as unknown as ScheduledHandOverUseCase;
    const deputies = {
      run: () => {
        covered.push('ran');
        return Promise.resolve({ handedOver: [{ caseId: 'a case' }] });
      },
    } as unknown as ScheduledCoverUseCase;
    const job = new OfficeHandOverJob(new SchedulerRegistry(), holders, deputies);
    const run = (job as unknown as { run: () => Promise<unknown> }).run.bind(job);
    await expect(run()).rejects.toThrow('the office holders’ hand-over failed');
    expect(covered).toEqual(['ran']);
  });
});
