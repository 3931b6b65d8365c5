import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tenantScope } from '../../core/tenant-scope';
import { DispensationsRepository, type DispensationView } from '../dispensations.repository';

/** The register of dispensations, all of them or one person's. */
@Injectable()
export class ListDispensationsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly dispensations: DispensationsRepository,
  ) {}

  async list(tenantId: string, personId?: string): Promise<DispensationView[]> {
    return this.dispensations.list(tenantScope(tenantId), this.ds.manager, personId);
  }
}
