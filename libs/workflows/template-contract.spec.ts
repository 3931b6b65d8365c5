import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { transition, type AnyMachineSnapshot } from 'xstate';
import { activeStatePaths, stateNodePaths } from '../testing/machine-graph.service';
import { persist, restore, transitionOf } from './machine-snapshot.service';
import { wordingOf } from './template-emails';
import { openCase, stepOf, throughTheDatabase } from './template-step.service';
import { listTemplates } from './template.registry';
import { directoryFromJson, type TraceFile } from './trace-replay.service';
import type { RoleBinding } from '../governance/authority.service';
import type { WorkflowTemplate } from './workflow.template';

/**
 * What every released template version owes the shared code, checked once for all of them
 * (a machine spec keeps only what is its template's own): each email its machines can send has
 * its own wording, its links' captions are for its request messages, and on random walks of its events (from
 * snapshots as the database stores them) the engine's one transition without an actor gives
 * xstate's own, and every state of its machine is visited.
 */

const traceFileOf = (t: WorkflowTemplate): TraceFile =>
  JSON.parse(
    readFileSync(join(__dirname, t.id, 'traces', `v${t.version}.traces.json`), 'utf8'),
  ) as TraceFile;

/**
 * The messages a template's machines name in their source (what they notify, and the reminders
 * and escalations they build from deadline keys): messages its traces never reached count too.
 */
function messagesInSource(source: string): string[] {
  const literal = [
    ...source.matchAll(/notify(?:<\w+>)?\(\s*'([a-z]+(?:-[a-z]+)+)'/g),
    ...source.matchAll(/message: '([a-z]+(?:-[a-z]+)+)'/g),
    ...source.matchAll(/remindWhen(?:Key)?(?:<\w+>)?\(\s*'[a-z]+',\s*'([a-z]+(?:-[a-z]+)+)'/g),
    ...source.matchAll(/interestsOf\(\s*'\w+',\s*'([a-z]+(?:-[a-z]+)+)'/g),
  ].map((m) => m[1]);
  const keys = [
    ...source.matchAll(/(?:isDeadlineEvent|isKey|remindWhenKey)\(\s*'([a-z]+)'/g),
    ...source.matchAll(/key: '([a-z]+)'/g),
    ...source.matchAll(/remindWhen(?:<\w+>)?\(\s*'([a-z]+)'/g),
  ].map((m) => m[1]);
  const built = ['reminder', 'overdue'].flatMap((kind) =>
    source.includes(`\${key}-${kind}`) ? keys.map((k) => `${k}-${kind}`) : [],
  );
  return [...literal, ...built];
}

/** Every message a notify effect of the version's recorded traces sends. */
function messagesInTraces(file: TraceFile): string[] {
  const found: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'notify' && typeof o.message === 'string') found.push(o.message);
      Object.values(o).forEach(visit);
    }
  };
  visit(file.traces);
  return found;
}

const versions = listTemplates().map((t) => [`${t.id}@${t.version}`, t, traceFileOf(t)] as const);

describe.each(versions)('%s', (_, template, file) => {
  const machineSources = readdirSync(join(__dirname, template.id))
    .filter((f) => f.endsWith('.machine.ts'))
    .map((f) => readFileSync(join(__dirname, template.id, f), 'utf8'));

  it('finds the messages its machines send (the scan itself works)', () => {
    expect(machineSources.length).toBeGreaterThan(0);
    expect(messagesInTraces(file).length).toBeGreaterThan(0);
  });

  it('words every email its machines can send', () => {
    const messages = new Set([
      ...messagesInTraces(file),
      ...machineSources.flatMap(messagesInSource),
      ...template.requestMessages,
    ]);
    expect([...messages].filter((m) => wordingOf(template.emails, m) === null)).toEqual([]);
  });

  it('captions the pages of its request messages only', () => {
    expect(
      Object.keys(template.emails.linkCaptions ?? {}).filter(
        (m) => !template.requestMessages.includes(m),
      ),
    ).toEqual([]);
  });

  it('words every role it binds to a person the case names', () => {
    // The case's roles as opened: a seat role names a body, the others their kind of holder.
    const opened: Record<string, RoleBinding> = {};
    for (const [role, spec] of Object.entries(template.roles))
      if (spec.binding === 'seat')
        opened[role] = { kind: 'seat', bodyId: 'the-body', seat: spec.seat ?? 'chair' };
      else if (spec.binding === 'office') opened[role] = { kind: 'office', officeId: 'an-office' };
      else if (spec.binding === 'delegation')
        opened[role] = { kind: 'delegation', delegationId: 'a-delegation' };
      else if (spec.binding === 'officers') opened[role] = { kind: 'officers' };
    const named = new Set(
      Object.entries(template.roles).flatMap(([role, spec]) =>
        spec.binding === 'member' ? [role] : [],
      ),
    );
    // What each event its traces send binds, as the engine binds it (namesRoles).
    for (const sent of Object.values(file.events)) {
      const names = template.namesRoles?.[sent.type];
      for (const [role, b] of Object.entries(names ? names(sent.payload, opened) : {}))
        if (b.kind === 'member') named.add(role);
    }
    expect([...named].filter((role) => !template.roleWords?.[role]?.member)).toEqual([]);
  });

  /**
   * Every event its traces send, from every point of its traces, then random walks of them from
   * there (fixed seed: the same walks every run), through the whole template as the engine takes
   * them. At each step the machine takes, the engine's transition from the snapshot as stored
   * equals xstate's; and the steps visit every state of the machine.
   */
  it('takes the engine’s transition as xstate’s and visits every state', () => {
    const around = {
      settings: file.settings,
      directory: file.directory ? directoryFromJson(file.directory) : undefined,
    };
    const machine = template.machine;
    const names = Object.keys(file.events);
    const plain = (actions: { type: string; params?: unknown }[]) =>
      actions.map((a) => ({ type: a.type, params: a.params }));
    const visited: { value: AnyMachineSnapshot['value'] }[] = [];
    let compared = 0;
    const step = (snapshot: AnyMachineSnapshot, name: string): AnyMachineSnapshot => {
      const stored = throughTheDatabase(template, snapshot);
      const taken = stepOf(template, stored, file.events[name], around);
      if (taken.event) {
        const json = restore(machine, JSON.parse(JSON.stringify(persist(machine, stored))));
        const [ours, ourActions] = transitionOf(machine, json, taken.event);
        const [theirs, theirActions] = transition(machine, stored, taken.event);
        expect(persist(machine, ours)).toEqual(persist(machine, theirs));
        expect(plain(ourActions)).toEqual(plain(theirActions));
        compared++;
        visited.push({ value: taken.next.value });
      }
      return taken.next;
    };
    const opened = openCase(template, file.opening.on, file.opening.dates).snapshot!;
    visited.push({ value: opened.value });
    // The traces share their beginnings: each point once, by what the database would store.
    const points = new Map([[JSON.stringify(persist(machine, opened)), opened]]);
    for (const trace of file.traces) {
      let snapshot = opened;
      for (const { send } of trace.steps) {
        const next = step(snapshot, send);
        if (next !== snapshot) points.set(JSON.stringify(persist(machine, next)), next);
        snapshot = next;
      }
    }
    const starts = [...points.values()];
    for (const start of starts) for (const name of names) step(start, name);
    fc.assert(
      fc.property(
        fc.nat({ max: starts.length - 1 }),
        fc.array(fc.constantFrom(...names), { maxLength: 15 }),
        (start, walk) => {
          walk.reduce(step, starts[start]);
        },
      ),
      { numRuns: 60, seed: 1407 },
    );
    expect(compared).toBeGreaterThan(100);
    const active = activeStatePaths(visited);
    expect(stateNodePaths(machine).filter((n) => !active.has(n))).toEqual([]);
  });
});
