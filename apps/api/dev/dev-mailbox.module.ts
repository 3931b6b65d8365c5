import { DynamicModule, Module } from '@nestjs/common';
import { DevMailbox } from '../../../libs/notifications/dev-mailbox.service';
import { PageRenderer } from '../pages/page-renderer.service';
import { DevMailboxController } from './dev-mailbox.controller';

/** Mounted only when DEV_MAILBOX=true. */
@Module({})
export class DevMailboxModule {
  static forRoot(mailbox: DevMailbox): DynamicModule {
    return {
      module: DevMailboxModule,
      controllers: [DevMailboxController],
      providers: [{ provide: DevMailbox, useValue: mailbox }, PageRenderer],
    };
  }
}
