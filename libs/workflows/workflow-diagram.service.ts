import type { ElkExtendedEdge, ElkLabel, ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { layOutDiagram } from './diagram-layout.service';
import { inWords as words } from './workflow-steps.service';

export interface DiagramHighlight {
  /** Ids of the states the case is in now (e.g. "bcf.preSubmission.drafting"). */
  current?: string[];
  /** Ids of states the case has been in, oldest first. */
  visited?: string[];
}

const CHAR_W = 7;
const LINE_H = 16;

function eventWords(event: string, node: AnyStateNode): string {
  if (event.startsWith('xstate.done.state.')) return node.type === 'parallel' ? 'all done' : 'done';
  return words(event);
}

const escape = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/**
 * The statechart of a workflow as an SVG picture, laid out by ELK (layered, with compound and
 * parallel states as boxes in boxes). A case's diagram marks its current states and the path it
 * took. Pure: no I/O.
 */
export async function renderWorkflowDiagram(
  machine: AnyStateMachine,
  title: string,
  highlight: DiagramHighlight = {},
): Promise<string> {
  const current = new Set(highlight.current ?? []);
  const visited = new Set(highlight.visited ?? []);
  const edges: ElkExtendedEdge[] = [];
  const edgeKeys = new Map<string, ElkExtendedEdge>();

  // Declared order of the states: an edge back to an earlier step (a rejection, "not approved") is
  // laid out reversed and drawn with its arrow at the start, so the picture reads top to bottom.
  const order = new Map<string, number>();
  const number = (n: AnyStateNode) => {
    order.set(n.id, order.size);
    for (const c of Object.values(n.states) as AnyStateNode[]) number(c);
  };
  number(machine.root as AnyStateNode);
  const reversed = new Set<string>();

  const label = (text: string): ElkLabel => ({
    text,
    width: text.length * CHAR_W + 8,
    height: LINE_H,
  });
  const addEdge = (from: AnyStateNode, to: AnyStateNode, text: string) => {
    const key = `${from.id}->${to.id}`;
    const existing = edgeKeys.get(key);
    if (existing) {
      const l = existing.labels![0];
      if (!l.text!.split(' / ').includes(text)) {
        l.text = `${l.text} / ${text}`;
        l.width = l.text.length * CHAR_W + 8;
      }
      return;
    }
    const back = (order.get(to.id) ?? 0) < (order.get(from.id) ?? 0);
    const id = `e${edges.length}`;
    if (back) reversed.add(id);
    const e: ElkExtendedEdge = {
      id,
      sources: [back ? to.id : from.id],
      targets: [back ? from.id : to.id],
      labels: [label(text)],
    };
    edges.push(e);
    edgeKeys.set(key, e);
  };

  const toElk = (node: AnyStateNode): ElkNode => {
    for (const [event, transitions] of node.transitions) {
      for (const t of transitions)
        for (const target of t.target ?? [])
          if (target.id !== node.id) addEdge(node, target, eventWords(event, node));
    }
    for (const t of node.always ?? [])
      for (const target of t.target ?? []) addEdge(node, target, 'when all met');
    const children = Object.values(node.states) as AnyStateNode[];
    const name = node.parent ? words(node.key) : title;
    if (children.length === 0) {
      const shown = current.has(node.id) ? `${name} (now)` : name;
      return {
        id: node.id,
        width: Math.max(shown.length * (CHAR_W + 1) + 24, 90),
        height: 40,
        labels: [label(name)],
      };
    }
    return {
      id: node.id,
      labels: [label(node.type === 'parallel' ? `${name} (in parallel)` : name)],
      layoutOptions: {
        'elk.padding': '[top=28,left=12,bottom=12,right=12]',
        'elk.direction': node.type === 'parallel' ? 'RIGHT' : 'DOWN',
        'elk.algorithm': 'layered',
        'elk.spacing.nodeNode': '24',
        'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      },
      children: children.map(toElk),
    };
  };

  const root = toElk(machine.root as AnyStateNode);
  const graph: ElkNode = {
    id: 'diagram',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
    },
    children: [root],
    edges,
  };
  // elkjs (1.7 MB of source, 12.8 MB live once it has laid out a graph) runs in a worker thread
  // that ends when idle, and the same graph is not laid out twice (ADR 0041).
  const laid = await layOutDiagram(graph);

  const types = new Map<string, string>();
  const collectTypes = (n: AnyStateNode) => {
    types.set(n.id, n.type);
    for (const c of Object.values(n.states) as AnyStateNode[]) collectTypes(c);
  };
  collectTypes(machine.root as AnyStateNode);

  const out: string[] = [];
  const absolute = new Map<string, { x: number; y: number }>();
  const drawNode = (n: ElkNode, ox: number, oy: number, depth: number) => {
    const x = ox + (n.x ?? 0);
    const y = oy + (n.y ?? 0);
    absolute.set(n.id, { x, y });
    if (n.id !== 'diagram') {
      const isLeaf = !n.children || n.children.length === 0;
      const isCurrent = current.has(n.id);
      const wasVisited = visited.has(n.id);
      const fill = isCurrent
        ? '#ffdd00'
        : wasVisited
          ? '#d2e2f1'
          : isLeaf
            ? '#ffffff'
            : depth % 2
              ? '#f3f2f1'
              : '#ffffff';
      const stroke = isCurrent ? '#0b0c0c' : '#505a5f';
      out.push(
        `<g class="state${isCurrent ? ' current' : ''}${wasVisited ? ' visited' : ''}" data-state="${escape(n.id)}">`,
        `<rect x="${x}" y="${y}" width="${n.width}" height="${n.height}" rx="8" fill="${fill}" stroke="${stroke}" stroke-width="${isCurrent ? 3 : 1}"/>`,
      );
      if (types.get(n.id) === 'final') {
        out.push(
          `<rect x="${x + 3}" y="${y + 3}" width="${(n.width ?? 0) - 6}" height="${(n.height ?? 0) - 6}" rx="6" fill="none" stroke="${stroke}"/>`,
        );
      }
      const text = n.labels?.[0]?.text ?? n.id;
      const tx = isLeaf ? x + (n.width ?? 0) / 2 : x + 10;
      const ty = isLeaf ? y + (n.height ?? 0) / 2 + 5 : y + 18;
      out.push(
        `<text x="${tx}" y="${ty}" text-anchor="${isLeaf ? 'middle' : 'start'}" font-weight="${isCurrent || !isLeaf ? 'bold' : 'normal'}">${escape(text)}${isCurrent ? ' (now)' : ''}</text>`,
        '</g>',
      );
    }
    for (const c of n.children ?? []) drawNode(c, x, y, depth + 1);
  };
  drawNode(laid, 0, 0, 0);

  const drawEdges = (n: ElkNode) => {
    for (const e of (n.edges ?? []) as ElkExtendedEdge[]) {
      // With INCLUDE_CHILDREN, edge coordinates are relative to the edge's container.
      const origin = absolute.get((e as { container?: string }).container ?? n.id) ?? {
        x: 0,
        y: 0,
      };
      for (const s of e.sections ?? []) {
        const pts = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]
          .map((p) => `${origin.x + p.x},${origin.y + p.y}`)
          .join(' ');
        out.push(
          `<polyline points="${pts}" fill="none" stroke="#505a5f" stroke-width="1.5" ${reversed.has(e.id) ? 'marker-start' : 'marker-end'}="url(#arrow)"/>`,
        );
      }
      for (const l of e.labels ?? []) {
        out.push(
          `<text x="${origin.x + (l.x ?? 0) + 4}" y="${origin.y + (l.y ?? 0) + 12}" font-size="12" fill="#0b0c0c">${escape(l.text ?? '')}</text>`,
        );
      }
    }
    for (const c of n.children ?? []) drawEdges(c);
  };
  drawEdges(laid);

  const w = Math.ceil((laid.width ?? 0) + 2);
  const h = Math.ceil((laid.height ?? 0) + 2);
  const desc = current.size
    ? `Current state: ${[...current].map((c) => words(c.split('.').slice(1).join(' '))).join('; ')}.`
    : 'The workflow’s states and transitions.';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-labelledby="diagram-title diagram-desc" font-family="Arial, sans-serif" font-size="14">`,
    `<title id="diagram-title">${escape(title)}</title>`,
    `<desc id="diagram-desc">${escape(desc)}</desc>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#505a5f"/></marker></defs>',
    ...out,
    '</svg>',
  ].join('\n');
}
