import fc from 'fast-check';
import {
  hostileDate,
  hostileNumber,
  hostileString,
  hostileValue,
  withKey,
} from './hostile-input-values.service';

/* Ways to spoil a good API body, one place at a time (hostile-input.service.ts gives the values). */

/**
 * One way to spoil a good body, at the `pick`th place in it (modulo the places it has): `like`
 * puts a hostile value of the same kind there (a number for a number, a date for a date, another
 * id for an id: random, of another kind, or of another council), `replace` any hostile value.
 */
export interface Mutation {
  pick: number;
  op: 'like' | 'replace' | 'delete' | 'extra' | 'wrap';
  key: string;
  value: unknown;
  like: { number: number; date: string; uuid: string; id: number; real: boolean; text: string };
}

export const likeValues: fc.Arbitrary<Mutation['like']> = fc.record({
  number: hostileNumber,
  date: hostileDate,
  uuid: fc.uuid(),
  id: fc.nat(),
  real: fc.boolean(),
  text: hostileString,
});

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  op: fc.oneof(
    { weight: 4, arbitrary: fc.constant('like' as const) },
    { weight: 3, arbitrary: fc.constant('replace' as const) },
    {
      weight: 3,
      arbitrary: fc.constantFrom('delete' as const, 'extra' as const, 'wrap' as const),
    },
  ),
  key: fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'extra', ''),
    hostileString,
  ),
  value: hostileValue,
  like: likeValues,
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A hostile value of the kind `original` is; `ids` are real ids of every kind, of both councils. */
function likeOf(original: unknown, like: Mutation['like'], ids: string[]): unknown {
  if (typeof original === 'number') return like.number;
  if (typeof original === 'boolean') return [1, 0, 'true', 'yes', null][like.id % 5];
  if (typeof original === 'string' && DATE.test(original)) return like.date;
  if (typeof original === 'string' && UUID.test(original))
    return like.real && ids.length ? ids[like.id % ids.length] : like.uuid;
  if (typeof original === 'string') return like.text;
  if (Array.isArray(original))
    return [[], [like.text], Array(300).fill(original[0] ?? like.text), [original]][like.id % 4];
  return [{}, [], null, like.text][like.id % 4];
}

/** A form field's hostile text of the kind its name or the values the page offers suggest. */
export function likeField(
  name: string,
  offered: string[],
  like: Mutation['like'],
  ids: string[],
): string {
  if (/(On|Date|date|-day|-month|-year)$/.test(name) || offered.some((v) => DATE.test(v)))
    return like.date;
  if (/(Id|body)$/.test(name) || offered.some((v) => UUID.test(v)))
    return like.real && ids.length ? ids[like.id % ids.length] : like.uuid;
  if (offered.some((v) => /^\d+$/.test(v))) return String(like.number);
  return like.text;
}

type Path = (string | number)[];

function places(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (at.length < 6 && v !== null && typeof v === 'object')
    for (const [k, inner] of Object.entries(v))
      places(inner, [...at, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

/** `body` (a JSON value, not changed) with the mutations applied; undefined means no body. */
export function mutate(body: unknown, mutations: Mutation[], ids: string[] = []): unknown {
  let out: unknown = body === undefined ? undefined : structuredClone(body);
  for (const m of mutations) {
    const all = places(out);
    const path = all[m.pick % all.length];
    if (path.length === 0) {
      out =
        m.op === 'delete'
          ? undefined
          : m.op === 'wrap'
            ? [out]
            : m.op === 'like'
              ? likeOf(out, m.like, ids)
              : m.op === 'extra' && out !== null && typeof out === 'object' && !Array.isArray(out)
                ? withKey(out as Record<string, unknown>, m.key, m.value)
                : m.value;
      continue;
    }
    const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as never)[k], out) as Record<
      string | number,
      unknown
    >;
    const last = path[path.length - 1];
    if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else if (m.op === 'wrap') parent[last] = [parent[last]];
    else if (m.op === 'like') parent[last] = likeOf(parent[last], m.like, ids);
    else if (m.op === 'replace') withKey(parent as Record<string, unknown>, String(last), m.value);
    else if (Array.isArray(parent)) parent.push(m.value);
    else withKey(parent, m.key, m.value);
  }
  return out;
}
