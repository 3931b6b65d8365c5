import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

/** Staff sessions, as the account use cases end them (sign-in keeps its own in StaffAuthService). */
@Injectable()
export class StaffSessionsRepository {
  /** Ends every session of the account at once. */
  async endAll(scope: TenantScope, m: Queryable, accountId: string): Promise<void> {
    await m.query('DELETE FROM staff_sessions WHERE account_id = $1', [accountId]);
  }
}
