/**
 * `npm run bench:writes`: what one event writes, table by table, for each event of bench:engine's
 * BCF cycle and of a JCB delegated decision walked to its publication (issue #21). WAL records and
 * bytes (pg_walinspect, between the WAL positions before and after the event) and the rows
 * pg_stat_user_tables counts: neither depends on the machine's load, so this bench is the measure
 * of record for a change to what an event writes, where a rate on a shared machine is noise.
 *
 * Each event is sent alone through SendEventUseCase as the product's runtime login, bound to its
 * council, on one connection, after the same cases were taken round the same steps before (so the
 * pages it writes are warm, as in bench:engine). Prints markdown; appends nothing.
 *
 * Settings: DATABASE_URL is ignored (an embedded PostgreSQL of its own: the measure needs a server
 * where nothing else writes, and turns autovacuum off).
 */
import type { DataSource } from 'typeorm';
import { withTenant } from '../libs/core/tenant-context.service';
import { SystemClock } from '../libs/core/clock.service';
import { migrate, openDataSource } from '../libs/database/data-source.service';
import { startEmbeddedPostgres } from '../libs/database/embedded-postgres.service';
import {
  engineHarness,
  openCaseUseCase,
  sendEventUseCase,
} from '../libs/testing/engine-harness.service';
import { buildJcbWorld, type JcbWorld } from '../libs/testing/jcb-world.factory';
import type { Actor } from '../libs/core/actor.dto';
import { bcfPlanOpening, buildTenant } from './bench-tenant.service';
import { CYCLE, stepOf, type BenchCase } from './engine-bench.settings';
import { engineStep } from './engine-step.service';
import { measureEvent, prepareToMeasure, type EventWrites } from './event-writes.service';
import { freePort } from './free-port.service';
import { openRuntimeDataSource, runtimeLogin } from './runtime-role.service';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

const MEETING = '2025-09-04';

/** A JCB case (version 1) from its notices to its publication, as jcb-v1-journey-harness walks it. */
function jcbWalk(w: JcbWorld): { type: string; payload: object; who: Actor; at?: string }[] {
  const members = ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2', 'ccg3'];
  const names = [
    'Cllr Ada Fox',
    'Cllr Ben Hart',
    'Cllr Cara Moss',
    'Dr Dev Shah',
    'Dr Eve Long',
    'Dr Finn Roy',
  ];
  const meeting = {
    meetingDate: MEETING,
    members: members.map((k, i) => ({
      personId: w.id(k),
      name: names[i],
      partner: i < 3 ? 'council' : 'ccg',
      cabinetMember: i < 3,
    })),
    attendance: members.map((k, i) => ({ personId: w.id(k), name: names[i], status: 'present' })),
    declarations: [],
    dispensations: [],
  };
  const officer = w.actors.officer;
  const { cab1, proper } = w.jcbActors;
  return [
    {
      type: 'RECORD_NOTICES',
      who: officer,
      payload: {
        meetingDate: MEETING,
        itemTitle: 'Integrated carers support service contract',
        keyDecision: true,
        forwardPlanPublishedOn: '2025-07-01',
        reportPublishedOn: '2025-08-20',
      },
    },
    { type: 'RECORD_ATTENDANCE', who: officer, payload: { meeting } },
    {
      type: 'RECORD_SHOW_OF_HANDS',
      who: officer,
      payload: { meeting, hands: members.map((k) => ({ personId: w.id(k), hand: 'for' })) },
    },
    {
      type: 'RECORD_DECISION',
      who: cab1,
      payload: {
        decidedOn: MEETING,
        decision: 'Award the integrated carers support contract to Carers Together CIC',
        reasons: 'Best quality and price in the tender; supported by both partners',
        alternativesRejected: ['Extend the current contracts', 'Bring the service in house'],
        amount: 1_500_000,
        actingAs: 'cabinetMember',
        cabinetMembersAgreeing: [w.id('cab1'), w.id('cab2'), w.id('cab3')],
      },
    },
    { type: 'SIGN_NOTICE', who: proper, payload: { signedOn: MEETING } },
    { type: 'SIGN_NOTICE', who: cab1, payload: { signedOn: MEETING } },
    {
      type: 'RECORD_PUBLICATION',
      who: officer,
      payload: { publishedOn: '2025-09-05' },
      at: '2025-09-05T09:00:00Z',
    },
  ];
}

async function bcf(ds: DataSource, app: DataSource): Promise<EventWrites[]> {
  const clock = new SystemClock();
  const send = sendEventUseCase(app, clock);
  const open = openCaseUseCase(ds, clock);
  const { ids, actors } = await buildTenant(ds);
  const cases: BenchCase[] = [];
  for (let i = 0; i < 8; i++)
    cases.push({ id: (await open.open(bcfPlanOpening(ids), actors.officer)).caseId, version: 1 });
  const step = engineStep(send, actors);
  const run = (c: BenchCase) =>
    withTenant(ids.tenantId, async () => {
      c.version = await step(c);
    });
  // Every case twice round the cycle first: each measured event meets pages others wrote.
  for (let r = 0; r < 2 * CYCLE.length; r++) for (const c of cases) await run(c);
  const flush = () =>
    withTenant(ids.tenantId, () => app.query('SELECT pg_stat_force_next_flush()'));
  const out: EventWrites[] = [];
  for (const c of cases.slice(0, 1))
    for (let k = 0; k < CYCLE.length; k++)
      out.push(await measureEvent(ds, `BCF ${CYCLE[stepOf(c.version)].type}`, () => run(c), flush));
  return out;
}

async function jcb(ds: DataSource, app: DataSource): Promise<EventWrites[]> {
  const w = await buildJcbWorld(ds);
  const h = engineHarness(app, '2025-08-01T09:00:00Z');
  const walk = jcbWalk(w);
  const ids: { id: string; version: number }[] = [];
  const bound = <T>(f: () => Promise<T>) => withTenant(w.tenantId, f);
  for (let i = 0; i < 4; i++) {
    h.clock.set('2025-08-01T09:00:00Z');
    const { caseId } = await bound(() =>
      h.open.open(
        {
          template: 'jcb-delegated-decision',
          templateVersion: 1,
          title: `Integrated carers support service contract ${i + 1}`,
          dates: { meetingDate: MEETING },
          roles: {
            decisionMaker: w.jcbRoles.decisionMaker,
            properOfficer: w.jcbRoles.properOfficer,
          },
        },
        w.actors.officer,
      ),
    );
    ids.push({ id: caseId, version: 1 });
  }
  const flush = () => bound(() => app.query('SELECT pg_stat_force_next_flush()'));
  const out: EventWrites[] = [];
  // The last case is measured step by step, after the others took each step before it.
  for (const [k, s] of walk.entries()) {
    for (const c of ids) {
      // A minute a step, as time passes between events (the case's updated_at moves each time).
      h.clock.set(s.at ?? `${MEETING}T18:${String(k).padStart(2, '0')}:00Z`);
      const go = () =>
        bound(async () => {
          const r = await h.send.send(c.id, { type: s.type, payload: { ...s.payload } }, s.who, {
            expectedVersion: c.version,
          });
          c.version = r.version;
        });
      if (c === ids[ids.length - 1])
        out.push(await measureEvent(ds, `JCB ${k + 1} ${s.type}`, go, flush));
      else await go();
    }
  }
  return out;
}

/** Tables by events: each cell the table's WAL records, and its rows written (ins + upd + del). */
function matrix(events: EventWrites[]): string[] {
  const tables = [...new Set(events.flatMap((e) => e.tables.map((t) => t.table)))].sort();
  const cell = (e: EventWrites, name: string) => {
    const t = e.tables.find((x) => x.table === name);
    return t ? `${t.records} (${t.inserted + t.updated + t.deleted})` : '';
  };
  return [
    `| table | ${events.map((e) => e.event).join(' | ')} |`,
    `| --- |${events.map(() => ' ---: |').join('')}`,
    ...tables.map((name) => `| ${name} | ${events.map((e) => cell(e, name)).join(' | ')} |`),
    `| **all** | ${events.map((e) => `**${e.records}** (${e.tables.reduce((n, t) => n + t.inserted + t.updated + t.deleted, 0)})`).join(' | ')} |`,
    '',
  ];
}

function report(events: EventWrites[]): string {
  const lines = [
    ...matrix(events),
    '| event | WAL records | WAL bytes | page images (records, bytes) |',
    '| --- | ---: | ---: | ---: |',
    ...events.map(
      (e) =>
        `| ${e.event} | ${e.records} | ${e.bytes.toLocaleString('en-GB')} | ${e.imageRecords}, ${e.imageBytes.toLocaleString('en-GB')} |`,
    ),
    '',
    '| event | table | rows ins / upd (HOT) / del / lock | index entries | WAL records | WAL bytes | pg_stat ins / upd (HOT) / del |',
    '| --- | --- | --- | ---: | ---: | ---: | --- |',
  ];
  for (const e of events)
    for (const t of e.tables)
      lines.push(
        `| ${e.event} | ${t.table} | ${t.inserted} / ${t.updated} (${t.hot}) / ${t.deleted} / ${t.locked} | ${t.indexEntries} | ${t.records} | ${t.bytes} | ${t.stat.ins} / ${t.stat.upd} (${t.stat.hot}) / ${t.stat.del} |`,
      );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const pg = await startEmbeddedPostgres({
    dataDir: mkdtempSync(join(os.tmpdir(), 'ratify-writes-pg-')),
    port: await freePort(),
    database: 'ratify_writes',
    persistent: false,
  });
  const ds = await openDataSource(pg.url, 4);
  let app: DataSource | undefined;
  try {
    await migrate(ds);
    await prepareToMeasure(ds);
    // One connection: the event and the statistics flush after it share a backend.
    app = await openRuntimeDataSource(await runtimeLogin(pg.url), 1);
    const events = [...(await bcf(ds, app)), ...(await jcb(ds, app))];
    console.log(report(events));
  } finally {
    await app?.destroy();
    await ds.destroy();
    await pg.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
