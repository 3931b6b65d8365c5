import 'reflect-metadata';
import { InvalidSettingsError } from '../../libs/config/settings.service';
import { main } from '../server/main';

/** `npm run start:worker`: the deadline sweep and outbox delivery alone, for a separate process. */
main('worker').catch((e: unknown) => {
  console.error(e instanceof InvalidSettingsError ? e.message : e);
  process.exit(1);
});
