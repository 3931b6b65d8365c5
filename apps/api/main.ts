import 'reflect-metadata';
import { InvalidSettingsError } from '../../libs/config/settings.service';
import { main } from '../server/main';

/** `npm run start:api`: the HTTP API and pages alone, for a process beside a separate worker. */
main('api').catch((e: unknown) => {
  console.error(e instanceof InvalidSettingsError ? e.message : e);
  process.exit(1);
});
