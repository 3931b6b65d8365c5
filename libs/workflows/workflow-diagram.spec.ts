import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import {
  diagramLayoutRunning,
  forgetDiagramLayouts,
  layOutDiagram,
  stopDiagramLayouts,
} from './diagram-layout.service';
import { findTemplate } from './template.registry';
import { renderWorkflowDiagram } from './workflow-diagram.service';

// The SVGs the diagram gave before its layout moved to a worker thread, laid out by elkjs in the
// API process (commit 4e82ece0, made by the spec's own calls): the picture must not change.
const before = (name: string) => readFileSync(join(__dirname, 'diagram-fixtures', name), 'utf8');

// The versions the fixtures were drawn for, by number: a later version is another picture.
const bcf = findTemplate('bcf-delegated-sign-off', 2)!;
const jcb = findTemplate('jcb-delegated-decision', 8)!;
const templateDiagram = (t: typeof bcf) =>
  renderWorkflowDiagram(t.machine, `${t.title} (version ${t.version})`);
const caseDiagram = () =>
  renderWorkflowDiagram(bcf.machine, 'Better Care Fund plan 2026/27: rules as at version 2', {
    current: [
      'bcf.preSubmission.agreement.chiefExecutive.awaiting',
      'bcf.preSubmission.agreement.accountableOfficer.agreed',
    ],
    visited: [
      'bcf.preSubmission.drafting',
      'bcf.preSubmission.agreement.chiefExecutive.awaiting',
      'bcf.preSubmission.agreement.accountableOfficer.awaiting',
      'bcf.preSubmission.agreement.accountableOfficer.agreed',
    ],
  });

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`still waiting for ${what}`);
}

describe('workflow diagram laid out in a worker thread', () => {
  beforeEach(async () => {
    forgetDiagramLayouts();
    await stopDiagramLayouts();
  });
  afterAll(() => stopDiagramLayouts());

  it('draws a template and a case exactly as before', async () => {
    expect(await templateDiagram(bcf)).toBe(before('bcf-delegated-sign-off.template.svg'));
    expect(await templateDiagram(jcb)).toBe(before('jcb-delegated-decision.template.svg'));
    expect(await caseDiagram()).toBe(before('bcf-delegated-sign-off.case.svg'));
  });

  it('lays out in a worker that ends when idle, taking its memory with it', async () => {
    const drawn = caseDiagram();
    expect(diagramLayoutRunning()).toBe(true);
    expect(await drawn).toBe(before('bcf-delegated-sign-off.case.svg'));
    await until(() => !diagramLayoutRunning(), 'the idle worker to end');
  });

  it('draws a diagram seen before again without a worker', async () => {
    await caseDiagram();
    await stopDiagramLayouts();
    expect(diagramLayoutRunning()).toBe(false);
    expect(await caseDiagram()).toBe(before('bcf-delegated-sign-off.case.svg'));
    expect(diagramLayoutRunning()).toBe(false);
  });

  it('draws the same picture when the worker ends during a layout', async () => {
    const drawn = templateDiagram(jcb);
    await stopDiagramLayouts();
    expect(await drawn).toBe(before('jcb-delegated-decision.template.svg'));
  });

  it('refuses a graph ELK refuses, with ELK’s own words, and does not keep the failure', async () => {
    const broken = (): ElkNode => ({
      id: 'root',
      children: [{ id: 'a', width: 10, height: 10 }],
      edges: [{ id: 'e', sources: ['a'], targets: ['nowhere'] }],
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- as the API process did
    const ELK = require('elkjs/lib/elk.bundled.js') as typeof import('elkjs/lib/elk.bundled.js');
    const here = await new ELK.default().layout(broken()).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(here).toMatch(/nowhere/);
    await expect(layOutDiagram(broken())).rejects.toThrow(here!);
    await expect(layOutDiagram(broken())).rejects.toThrow(here!);
  });
});
