import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { EngineModule, EngineOptions } from '../../libs/engine/engine.module';
import { WorkerModule } from '../worker/worker.module';
import { DevMailbox } from '../../libs/notifications/dev-mailbox.service';
import { ApiModule } from '../api/api.module';
import { DevMailboxModule } from '../api/dev/dev-mailbox.module';
import { HealthModule } from '../api/health/health.module';

export type ProcessRole = 'all' | 'api' | 'worker';

/** One process runs the API, the worker, or both (the default). */
@Module({})
export class AppModule {
  static forRoot(
    o: EngineOptions & { role: ProcessRole; devMailbox?: DevMailbox; logger?: Logger },
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EngineModule.forRoot(o),
        // Logs written inside a request carry its id (pino-http sets req.log first).
        ...(o.logger
          ? [LoggerModule.forRoot({ pinoHttp: { logger: o.logger }, useExisting: true })]
          : []),
        ...(o.role === 'worker' ? [] : [ApiModule, HealthModule]),
        ...(o.role === 'api' ? [] : [WorkerModule]),
        ...(o.devMailbox && o.role !== 'worker' ? [DevMailboxModule.forRoot(o.devMailbox)] : []),
      ],
    };
  }
}
