import { DynamicModule, Module } from '@nestjs/common';
import { EngineModule, EngineOptions } from '../../libs/engine/engine.module';
import { WorkerModule } from '../worker/worker.module';
import { DevMailbox } from '../../libs/notifications/dev-mailbox.service';
import { ApiModule } from './api.module';
import { DevMailboxModule } from './dev/dev-mailbox.module';
import { HealthModule } from './health/health.module';

export type ProcessRole = 'all' | 'api' | 'worker';

/** One process runs the API, the worker, or both (the default). */
@Module({})
export class AppModule {
  static forRoot(o: EngineOptions & { role: ProcessRole; devMailbox?: DevMailbox }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EngineModule.forRoot(o),
        ...(o.role === 'worker' ? [] : [ApiModule, HealthModule]),
        ...(o.role === 'api' ? [] : [WorkerModule]),
        ...(o.devMailbox && o.role !== 'worker' ? [DevMailboxModule.forRoot(o.devMailbox)] : []),
      ],
    };
  }
}
