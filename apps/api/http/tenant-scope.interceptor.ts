import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { Actor } from '../../../libs/core/actor.dto';
import { bindTenant, inTenantScope } from '../../../libs/core/tenant-context.service';

/**
 * Each handler runs in a tenant scope of its own (ADR 0015), bound at once to the council of an
 * API caller the guard has resolved; a page binds it where it resolves the session
 * (StaffPages.require). The database connections the handler takes are bound to that council,
 * so that a query that forgets its tenant_id still sees only that council's rows.
 */
@Injectable()
export class TenantScopeInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
    return new Observable((subscriber) =>
      inTenantScope(() => {
        if (req.actor?.tenantId) bindTenant(req.actor.tenantId);
        return next.handle().subscribe(subscriber);
      }),
    );
  }
}
