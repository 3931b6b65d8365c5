import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { Actor } from '../../../libs/core/actor.dto';
import {
  bindTenant,
  currentTenantBinding,
  inTenantScope,
} from '../../../libs/core/tenant-context.service';

/**
 * Each handler runs in a tenant scope of its own (ADR 0015), bound at once to the council of an
 * API caller the guard has resolved, else to the council the request's link token or session
 * named (request-council.middleware.ts); a page binds it where it resolves the session
 * (StaffPages.require), the register where it finds the council by its slug. The database connections the handler takes are bound to that council,
 * so that a query that forgets its tenant_id still sees only that council's rows.
 */
@Injectable()
export class TenantScopeInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
    const council = req.actor?.tenantId ?? currentTenantBinding()?.tenantId;
    return new Observable((subscriber) =>
      inTenantScope(() => {
        if (council) bindTenant(council);
        return next.handle().subscribe(subscriber);
      }),
    );
  }
}
