import type { DataSource, EntityManager } from 'typeorm';

/**
 * Disposes of the items an administrator confirmed that are still due now: of `due` (the list as
 * it stands now), those whose key was confirmed, each in its own transaction, where `disposeOne`
 * checks again under lock that it is still due (a hold placed or a schedule lengthened since the
 * list was shown wins) and returns false if not. Returns how many went. Documents' content and
 * cases' personal data both go this way (document-retention and personal-data-retention).
 */
export async function disposeConfirmedStillDue<T>(
  ds: DataSource,
  due: T[],
  keyOf: (item: T) => string,
  confirmedKeys: string[],
  disposeOne: (m: EntityManager, item: T) => Promise<boolean>,
): Promise<number> {
  const confirmed = new Set(confirmedKeys);
  let disposed = 0;
  for (const item of due.filter((x) => confirmed.has(keyOf(x))))
    if (await ds.transaction((m) => disposeOne(m, item))) disposed++;
  return disposed;
}
