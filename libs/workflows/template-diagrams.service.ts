import { createHash } from 'node:crypto';
import { renderWorkflowDiagram } from './workflow-diagram.service';
import type { WorkflowTemplate } from './workflow.template';

/** A released template version's picture and its strong ETag (the SVG's own hash). */
export interface TemplateDiagram {
  svg: string;
  etag: string;
}

type Draw = (t: WorkflowTemplate) => Promise<string>;

const drawTemplate: Draw = (t) =>
  renderWorkflowDiagram(t.machine, `${t.title} (version ${t.version})`);

/**
 * The pictures of released template versions, each drawn at most once a process: a released
 * version is frozen, so its picture never changes, and drawing one may start the layout worker
 * (55–60 MB, every password-check turn while it lives: ADR 0046). Requests for a version not yet
 * drawn share one drawing. Bounded (least recently used forgotten first), though only released
 * versions reach it: callers look the version up before asking.
 */
export class TemplateDiagrams {
  private readonly kept = new Map<string, Promise<TemplateDiagram>>();

  constructor(
    private readonly draw: Draw = drawTemplate,
    private readonly most = 64,
  ) {}

  of(t: WorkflowTemplate): Promise<TemplateDiagram> {
    const key = `${t.id}\n${t.version}`;
    const known = this.kept.get(key);
    if (known) {
      this.kept.delete(key);
      this.kept.set(key, known);
      return known;
    }
    const drawn = this.draw(t).then((svg) => ({ svg, etag: strongEtag(svg) }));
    this.kept.set(key, drawn);
    // A failed drawing is not kept: the next request tries again.
    drawn.catch(() => {
      if (this.kept.get(key) === drawn) this.kept.delete(key);
    });
    if (this.kept.size > this.most) this.kept.delete(this.kept.keys().next().value!);
    return drawn;
  }
}

function strongEtag(svg: string): string {
  return `"${createHash('sha256').update(svg).digest('base64url')}"`;
}

/** The process's pictures of released template versions (GET /api/templates/…/diagram.svg). */
export const templateDiagrams = new TemplateDiagrams();
