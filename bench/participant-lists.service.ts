import type { DataSource } from 'typeorm';
import { DEMO_API_KEYS } from '../libs/demo/demo-seed.service';
import { apiKeyHash } from '../libs/directory/api-key.repository';

/** A read the scale bench times: a name, a path, the headers it is sent with. */
export interface ListRead {
  name: string;
  path: string;
  headers: Record<string, string>;
}

/**
 * `GET /api/cases` as a reader who is not staff sends it (issue #21: every case list under 100 ms
 * at p95 at 100,000 cases): the demo key whose person the most cases name, its first page, page 21
 * (offset 1,000), `?state=` and `?awaiting=`; and the key whose person the fewest name, with the
 * same `?state=`. The state and the awaited person are those with the most cases that do not name
 * the reader: two large sets that share few cases, the list session 33 left at 4.8–8.1 s. Chosen
 * as the owner (`ds`); `said` is the sentence the report prints about them.
 */
export async function participantLists(
  ds: DataSource,
  tenantId: string,
): Promise<{ reads: ListRead[]; said: string }> {
  const keys = await Promise.all(
    (Object.keys(DEMO_API_KEYS) as (keyof typeof DEMO_API_KEYS)[])
      .filter((k) => k !== 'officer')
      .map(async (k) => {
        const [who] = (await ds.query(
          `SELECT p.id, p.name, (SELECT count(*)::int FROM case_people n
                                  WHERE n.tenant_id = p.tenant_id AND n.person_id = p.id) AS named
             FROM api_keys a JOIN people p ON p.tenant_id = a.tenant_id AND p.id = a.person_id
            WHERE a.tenant_id = $1 AND a.key_hash = $2 AND NOT p.is_officer`,
          [tenantId, apiKeyHash(DEMO_API_KEYS[k])],
        )) as { id: string; name: string; named: number }[];
        return who && { key: DEMO_API_KEYS[k], ...who };
      }),
  );
  const readers = keys.filter(Boolean).sort((a, b) => b.named - a.named);
  if (readers.length === 0) return { reads: [], said: '' };
  const many = readers[0];
  const few = readers[readers.length - 1];
  const [state] = (await ds.query(
    `SELECT s.state AS name, count(*)::int AS cases, count(n.case_id)::int AS shared FROM case_states s
       LEFT JOIN case_people n ON n.case_id = s.case_id AND n.person_id = $2
      WHERE s.tenant_id = $1 GROUP BY 1 ORDER BY count(*) - count(n.case_id) DESC, 1 LIMIT 1`,
    [tenantId, many.id],
  )) as { name: string; cases: number; shared: number }[];
  const [awaited] = (await ds.query(
    `SELECT a.person_id AS id, count(*)::int AS cases, count(n.case_id)::int AS shared FROM case_awaits a
       LEFT JOIN case_people n ON n.case_id = a.case_id AND n.person_id = $2
      WHERE a.tenant_id = $1 AND a.person_id <> $2
      GROUP BY 1 ORDER BY count(*) - count(n.case_id) DESC, 1 LIMIT 1`,
    [tenantId, many.id],
  )) as { id: string; cases: number; shared: number }[];
  const as = (r: { key: string }) => ({ Authorization: `Bearer ${r.key}` });
  const n = (x: number) => x.toLocaleString('en-GB');
  const reads: ListRead[] = [
    { name: 'participant: GET /api/cases', path: '/api/cases', headers: as(many) },
    {
      name: 'participant: GET /api/cases?offset=1000',
      path: '/api/cases?offset=1000',
      headers: as(many),
    },
    ...(state
      ? [
          {
            name: 'participant: GET /api/cases?state=',
            path: `/api/cases?state=${encodeURIComponent(state.name)}`,
            headers: as(many),
          },
          {
            name: 'participant in fewest: GET /api/cases?state=',
            path: `/api/cases?state=${encodeURIComponent(state.name)}`,
            headers: as(few),
          },
        ]
      : []),
    ...(awaited
      ? [
          {
            name: 'participant: GET /api/cases?awaiting=',
            path: `/api/cases?awaiting=${awaited.id}`,
            headers: as(many),
          },
        ]
      : []),
  ];
  const said =
    `"participant" reads with the key of ${many.name}, whom ${n(many.named)} cases name (not staff);` +
    ` "participant in fewest" with ${few.name}'s, whom ${n(few.named)} name.` +
    (state
      ? ` ?state=${state.name}: ${n(state.cases)} cases, ${n(state.shared)} of them naming the first reader.`
      : '') +
    (awaited
      ? ` ?awaiting= a person awaited in ${n(awaited.cases)} cases, ${n(awaited.shared)} of them naming the first reader.`
      : '');
  return { reads, said };
}
