import {
  ArgumentsHost,
  CanActivate,
  Catch,
  ExceptionFilter,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseFilters,
  UseGuards,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { StaffRole } from '../../../libs/staff/staff-account.entity';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { PageRenderer } from './page-renderer.service';
import { FORM_EXPIRED, StaffPages } from './staff-pages.service';

/**
 * The pages layer's sign-in, role and CSRF checks as Nest guards, so that a page handler starts
 * with the signed-in member of staff in hand (`@CurrentStaff()`) instead of repeating them.
 */

const ROLES = 'ratify:staff-page-roles';
const ON_EXPIRED = 'ratify:staff-form-on-expired';

/** What a form's own re-render gets when its CSRF token does not match the session's. */
export interface ExpiredForm {
  req: Request;
  res: Response;
  staff: SignedInStaff;
  body: Record<string, unknown>;
  params: Record<string, string>;
}

/** Re-renders the form a controller owns with FORM_EXPIRED in its error summary, values kept. */
export type OnExpired<C> = (controller: C, form: ExpiredForm) => unknown;

type RequestWithStaff = Request & { staff?: SignedInStaff };

/**
 * Thrown by a guard that has already answered (the sign-in redirect, the 403 page, the form with
 * its "expired" error): nothing more is sent, and the handler does not run.
 */
export class PageAnswered extends Error {
  constructor() {
    super('The page has been answered by its guard.');
  }
}

@Catch(PageAnswered)
export class PageAnsweredFilter implements ExceptionFilter {
  catch(_error: PageAnswered, _host: ArgumentsHost): void {
    // The guard has sent the response; there is nothing to add.
  }
}

/** A member of staff with one of the page's roles (an administrator has every one), signed in. */
@Injectable()
export class StaffPageGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly staffPages: StaffPages,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles =
      this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    const http = context.switchToHttp();
    const req = http.getRequest<RequestWithStaff>();
    const staff = await this.staffPages.require(req, http.getResponse<Response>(), roles);
    if (!staff) throw new PageAnswered();
    req.staff = staff;
    return true;
  }
}

/**
 * Every staff form posts the session's CSRF token; a POST without it changes nothing. The form is
 * shown again as its controller re-renders it (typed values kept) when it says how, otherwise as
 * the "form has expired" page; either way with status 403.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly staffPages: StaffPages,
    private readonly pages: PageRenderer,
    private readonly modules: ModuleRef,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<RequestWithStaff>();
    const res = http.getResponse<Response>();
    const staff = req.staff;
    if (!staff) throw new Error('CsrfGuard runs after StaffPageGuard.');
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (this.staffPages.csrfOk(staff, body)) return true;
    const onExpired = this.reflector.get<OnExpired<unknown> | undefined>(
      ON_EXPIRED,
      context.getHandler(),
    );
    if (onExpired) {
      const controller: unknown = this.modules.get(context.getClass(), { strict: false });
      const params = req.params as Record<string, string>;
      await onExpired(controller, { req, res, staff, body, params });
    } else {
      this.pages.html(
        res,
        'problem.njk',
        { staff, heading: 'The form has expired', detail: FORM_EXPIRED },
        403,
      );
    }
    throw new PageAnswered();
  }
}

/** A page for staff with one of `roles` (an administrator sees every page). */
export function StaffPage(...roles: StaffRole[]) {
  return applyDecorators(
    SetMetadata(ROLES, roles),
    UseGuards(StaffPageGuard),
    UseFilters(PageAnsweredFilter),
  );
}

/**
 * A form posted by staff with one of `roles`, carrying the session's CSRF token. `onExpired`
 * re-renders the controller's form when the token does not match; without it the answer is the
 * "form has expired" page.
 */
export function StaffForm<C>(roles: StaffRole[], onExpired?: OnExpired<C>) {
  return applyDecorators(
    SetMetadata(ROLES, roles),
    SetMetadata(ON_EXPIRED, onExpired),
    UseGuards(StaffPageGuard, CsrfGuard),
    UseFilters(PageAnsweredFilter),
  );
}

/** The signed-in member of staff that StaffPage or StaffForm let in. */
export const CurrentStaff = createParamDecorator(
  (_data: unknown, context: ExecutionContext): SignedInStaff => {
    const staff = context.switchToHttp().getRequest<RequestWithStaff>().staff;
    if (!staff) throw new Error('@CurrentStaff() needs @StaffPage() or @StaffForm() on the route.');
    return staff;
  },
);
