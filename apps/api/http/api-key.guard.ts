import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DirectoryRepository } from '../../../libs/directory/directory.repository';
import { apiKeyHash } from '../../../libs/directory/tenant-setup.service';
import type { Actor } from '../../../libs/engine/actor.dto';
import { Clock } from '../../../libs/engine/clock.service';
import { londonDate } from '../../../libs/governance/working-day-calendar.service';
import { DomainError } from '../../../libs/errors/domain.errors';

/**
 * Staff authenticate with a personal API key (Authorization: Bearer <key>), stored only as its
 * SHA-256, until web sign-in replaces it.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly directory = new DirectoryRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    // A route whose body is large is authenticated before its body is read (http-app.service.ts).
    req.actor ??= await this.authenticate(req.headers.authorization);
    return true;
  }

  /** The actor an Authorization header names; UNAUTHENTICATED when it names none. */
  async authenticate(authorization: string | undefined): Promise<Actor> {
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    if (!match) {
      throw new DomainError(
        'UNAUTHENTICATED',
        'Sign in needed',
        'Send your API key as "Authorization: Bearer <key>".',
      );
    }
    const person = await this.directory.personByApiKeyHash(
      this.ds.manager,
      apiKeyHash(match[1]),
      londonDate(this.clock.now()),
    );
    if (!person)
      throw new DomainError(
        'UNAUTHENTICATED',
        'Unknown API key',
        'The API key is not recognised (or its person has left): check it or ask for a new one.',
      );
    return { kind: 'person', tenantId: person.tenantId, person };
  }
}

/** The authenticated person, as the engine's actor. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<{ actor?: Actor }>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without ApiKeyGuard');
  return actor;
});
