import type { AnyStateMachine, AnyStateNode } from 'xstate';

export interface WorkflowStep {
  /** The state's id, e.g. "bcf.preSubmission.agreement". */
  id: string;
  /** The state in words, e.g. "chair approval". */
  name: string;
  kind: 'step' | 'group' | 'in parallel' | 'end';
  depth: number;
}

export function inWords(s: string): string {
  return s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

/** A template's steps in the order it declares them, for the catalogue. */
export function workflowSteps(machine: AnyStateMachine): WorkflowStep[] {
  const out: WorkflowStep[] = [];
  const walk = (n: AnyStateNode, depth: number) => {
    for (const c of Object.values(n.states) as AnyStateNode[]) {
      const kind =
        c.type === 'parallel'
          ? 'in parallel'
          : c.type === 'final'
            ? 'end'
            : Object.keys(c.states).length
              ? 'group'
              : 'step';
      out.push({ id: c.id, name: inWords(c.key), kind, depth });
      walk(c, depth + 1);
    }
  };
  walk(machine.root as AnyStateNode, 0);
  return out;
}

/** A case's state key ("preSubmission.drafting;…") as the state ids the diagram uses. */
export function stateIds(machine: AnyStateMachine, stateKey: string): string[] {
  return stateKey
    .split(';')
    .filter(Boolean)
    .map((p) => `${machine.id}.${p}`);
}
