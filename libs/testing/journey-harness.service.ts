import type { INestApplication } from '@nestjs/common';
import type { Actor } from '../core/actor.dto';
import { ManualClock } from '../core/clock.service';
import type { TenantSpec } from '../directory/tenant-setup.service';
import type { CaseView } from '../engine/case-view.service';
import { DeadlineSweepService } from '../engine/deadline-sweep.service';
import { engineHarness } from './engine-harness.service';
import { HttpCases } from './http-cases.service';
import { testAppHarness } from './test-app.service';
import type { TestDatabase } from './test-database.service';
import { type BcfWorld, buildBcfWorld } from './world.factory';

/*
 * A template's journey spec (test/<template>.e2e-spec.ts): a database, a council and an app per spec
 * file, the engine driven directly and the same case through the HTTP API with each person's key.
 */

export interface Journey {
  db: TestDatabase;
  world: BcfWorld;
  app: INestApplication;
  /** The engine's services on the spec's database, with a clock of their own. */
  h: ReturnType<typeof engineHarness>;
}

export interface JourneyOptions {
  /** The council's directory beyond the BCF world's. */
  tweak?: (spec: TenantSpec) => void;
  /** API keys of people the world does not key by name (by default, `world.keys[who]`). */
  keyOf?: (who: string, world: BcfWorld) => string | undefined;
}

/**
 * Opens the spec file's database, council and app before its tests and closes them after; `start`
 * is when both the app's clock and the engine harness's begin.
 */
export function journeyHarness(start: string, o: JourneyOptions = {}) {
  const clock = new ManualClock(new Date(start));
  const ready: () => Journey = testAppHarness({
    what: 'the journey’s world',
    beforeApp: async (db) => ({
      world: await buildBcfWorld(db.ds, { tweak: o.tweak }),
      h: engineHarness(db.ds, start),
    }),
    clock,
  });

  const keyOf = (who: string) => {
    const { world } = ready();
    return o.keyOf?.(who, world) ?? world.keys[who];
  };
  const http = new HttpCases(() => ready().app, keyOf);

  return {
    ready,
    clock,
    http,
    keyOf,
    act: (seen: CaseView, who: string, type: string, payload: Record<string, unknown> = {}) =>
      http.act(seen, who, type, payload),
    openThroughApi: (body: Record<string, unknown>) => http.open(body),
    read: (caseId: string) => http.read(caseId),
    verifyAudit: (caseId: string) => http.verify(caseId),
    /** The app's deadline sweep at the app's clock. */
    sweep: () => ready().app.get(DeadlineSweepService).sweep(),
    /** Sends an event through the engine at the case's current version, and reads the case. */
    send: async (caseId: string, type: string, payload: object, who?: Actor) => {
      const { h, world } = ready();
      const { version } = await h.views.get(world.tenantId, caseId);
      await h.send.send(caseId, { type, payload: { ...payload } }, who ?? world.actors.officer, {
        expectedVersion: version,
      });
      return h.views.get(world.tenantId, caseId);
    },
  };
}
