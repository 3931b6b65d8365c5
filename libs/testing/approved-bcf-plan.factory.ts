import type { engineHarness } from './engine-harness.service';
import { openBcfCaseBody, type BcfWorld } from './world.factory';

/**
 * A BCF plan opened and approved through the engine (agreement sought, agreed by both approvers,
 * approved by the Chair), awaiting its submission: its submission deadline and reminders armed.
 */
export async function approvedBcfPlan(
  h: ReturnType<typeof engineHarness>,
  world: BcfWorld,
): Promise<string> {
  const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
  const steps: [string, keyof typeof world.actors][] = [
    ['SEEK_AGREEMENT', 'officer'],
    ['AGREE', 'ceo'],
    ['AGREE', 'ao'],
    ['APPROVE', 'chair'],
  ];
  for (const [type, who] of steps)
    await h.send.send(caseId, { type, payload: {} }, world.actors[who]);
  return caseId;
}
