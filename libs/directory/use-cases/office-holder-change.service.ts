import { tenantScope } from '../../core/tenant-scope';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { holderOn } from '../../governance/office-holdings.service';
import { HandedOver, OfficeHandOver } from '../office-hand-over.service';
import type { HoldingRecord, OfficeRecord, OfficeRepository } from '../office.repository';

/** Who holds the office today, as its holdings say inside the caller's transaction. */
export async function holderToday(
  offices: OfficeRepository,
  m: EntityManager,
  tenantId: string,
  officeId: string,
  today: string,
): Promise<HoldingRecord | null> {
  return holderOn(await offices.holdings(tenantScope(tenantId), m, officeId), today);
}

/**
 * After a holding was written: when the office's holder today is now someone else, its open
 * cases' awaited requests go to them (OfficeHandOver, in the same transaction). A holder who
 * starts on a later day takes over the office's authority on that day; their requests follow the
 * next change of the office's holdings from then on.
 */
export async function handOverIfHolderChanged(
  offices: OfficeRepository,
  m: EntityManager,
  handOver: OfficeHandOver | undefined,
  c: {
    tenantId: string;
    office: OfficeRecord;
    today: string;
    at: Date;
    before: HoldingRecord | null;
    actor: Actor;
    directoryChangeSeq: number;
  },
): Promise<HandedOver[]> {
  const after = await holderToday(offices, m, c.tenantId, c.office.id, c.today);
  if (!handOver || !after || after.personId === c.before?.personId) return [];
  return handOver.handOver(
    m,
    {
      tenantId: c.tenantId,
      officeId: c.office.id,
      officeTitle: c.office.title,
      at: c.at,
      on: c.today,
      from: c.before && { personId: c.before.personId, name: c.before.personName },
      to: { personId: after.personId, name: after.personName },
      directoryChangeSeq: c.directoryChangeSeq,
    },
    c.actor,
  );
}
