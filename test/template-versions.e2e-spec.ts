import type { WorkflowTemplate } from '../libs/workflows/workflow.template';

/**
 * Releasing version 2 of a template while a case runs on version 1. Version 2 here differs where
 * it shows: its conditions are never met automatically (a rule change an officer would notice).
 */
const released: WorkflowTemplate[] = [];
jest.mock('../libs/workflows/template.registry', () => {
  const actual = jest.requireActual<typeof import('../libs/workflows/template.registry')>(
    '../libs/workflows/template.registry',
  );
  return {
    findTemplate: (id: string, version?: number) => {
      const extra = released
        .filter((t) => t.id === id && (version === undefined || t.version === version))
        .sort((a, b) => b.version - a.version);
      return version === undefined
        ? (extra[0] ?? actual.findTemplate(id))
        : (extra[0] ?? actual.findTemplate(id, version));
    },
    listTemplates: () => [...actual.listTemplates(), ...released],
  };
});

import { engineHarness } from '../libs/testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';
import { findTemplate } from '../libs/workflows/template.registry';

describe('template versions', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('finishes a case on version 1 after a newer version is released, while new cases get the newer one', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const { caseId: onV1 } = await h.open.open(openBcfCaseBody(world), world.actors.officer);

    // The release comes after every version the registry holds (version 2 is current since #15).
    const newer = findTemplate('bcf-delegated-sign-off')!.version + 1;
    const v1 = findTemplate('bcf-delegated-sign-off', 1)!;
    released.push({
      ...v1,
      version: newer,
      machine: v1.machine.provide({ guards: { allConditionsMet: () => false } }),
    });
    const { caseId: onV2 } = await h.open.open(
      openBcfCaseBody(world, { templateVersion: undefined }),
      world.actors.officer,
    );

    const walk = async (caseId: string) => {
      let v = 1;
      const steps: [string, keyof typeof world.actors, Record<string, unknown>][] = [
        ['SEEK_AGREEMENT', 'officer', {}],
        ['AGREE', 'ceo', {}],
        ['AGREE', 'ao', {}],
        ['APPROVE', 'chair', {}],
        ['RECORD_SUBMISSION', 'officer', { submittedOn: '2021-11-10' }],
        ['RECORD_NOTING', 'officer', { meetingDate: '2021-12-09', minuteReference: 'HWBB 9 Dec' }],
        [
          'RECORD_ASSURANCE',
          'officer',
          {
            outcome: 'approvedWithConditions',
            receivedOn: '2022-01-09',
            conditions: ['Confirm the split'],
          },
        ],
        ['MARK_CONDITION_MET', 'officer', { conditionId: 'R1-C1', metOn: '2022-01-20' }],
      ];
      // Each step recorded on the day it happened, in order.
      h.clock.set('2021-10-01T09:00:00Z');
      for (const [type, who, payload] of steps) {
        const on = Object.values(payload).find(
          (x) => typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x),
        );
        if (on) h.clock.set(`${on as string}T12:00:00Z`);
        await h.send.send(caseId, { type, payload }, world.actors[who], { expectedVersion: v++ });
      }
      return h.views.get(world.tenantId, caseId);
    };

    const first = await walk(onV1);
    expect(first.template.version).toBe(1);
    expect(first.state.closed).toBe(true);
    const second = await walk(onV2);
    expect(second.template.version).toBe(newer);
    expect(second.state.closed).toBe(false);
    expect(second.state.key).toContain('assurance.conditionsOpen');
  });
});
