import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository';

/** The notifications' repositories, provided once for every module through the engine's (issue #14). */
@Module({ providers: [OutboxRepository], exports: [OutboxRepository] })
export class NotificationsModule {}
