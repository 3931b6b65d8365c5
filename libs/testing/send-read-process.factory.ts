import { SendReadRepository } from '../engine/send-read.repository';

/**
 * A second API process as the specs of the kept key and person need one: the send read's module
 * loaded again in a registry of its own, so that what it keeps (keys, people) is its own.
 */
export function anotherSendReadProcess(): SendReadRepository {
  let Repo!: typeof SendReadRepository;
  jest.isolateModules(() => {
    type Module = typeof import('../engine/send-read.repository');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Repo = (require('../engine/send-read.repository') as Module).SendReadRepository;
  });
  if (Repo === SendReadRepository) throw new Error('the module was not loaded again');
  return new Repo();
}
