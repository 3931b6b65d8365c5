import { listTemplates } from './template.registry';
import { TemplateDiagrams } from './template-diagrams.service';
import type { WorkflowTemplate } from './workflow.template';

/** A drawing that counts its calls and finishes when its test lets it. */
function counted() {
  const drawn: string[] = [];
  let fail = false;
  const draw = async (t: WorkflowTemplate) => {
    drawn.push(`${t.id} ${t.version}`);
    await new Promise((r) => setImmediate(r));
    if (fail) throw new Error('layout failed');
    return `<svg>${t.id} ${t.version}</svg>`;
  };
  return { draw, drawn, failNext: (f: boolean) => (fail = f) };
}

const [first, second, third] = listTemplates();

describe('the pictures of released template versions', () => {
  it('draws a version once for requests that come together and for those after', async () => {
    const d = counted();
    const diagrams = new TemplateDiagrams(d.draw);
    const [a, b] = await Promise.all([diagrams.of(first), diagrams.of(first)]);
    const c = await diagrams.of(first);
    expect(d.drawn).toEqual([`${first.id} ${first.version}`]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(a.svg).toBe(`<svg>${first.id} ${first.version}</svg>`);
  });

  it('gives each picture a strong ETag of its bytes, another for other bytes', async () => {
    const diagrams = new TemplateDiagrams(counted().draw);
    const [a, b] = [await diagrams.of(first), await diagrams.of(second)];
    expect(a.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(b.etag).not.toBe(a.etag);
    expect((await new TemplateDiagrams(counted().draw).of(first)).etag).toBe(a.etag);
  });

  it('keeps at most its bound, forgetting the least recently used first', async () => {
    const d = counted();
    const diagrams = new TemplateDiagrams(d.draw, 2);
    await diagrams.of(first);
    await diagrams.of(second);
    await diagrams.of(first);
    await diagrams.of(third);
    await diagrams.of(first);
    await diagrams.of(second);
    expect(d.drawn).toEqual([first, second, third, second].map((t) => `${t.id} ${t.version}`));
  });

  it('does not keep a failed drawing: the next request draws again', async () => {
    const d = counted();
    const diagrams = new TemplateDiagrams(d.draw);
    d.failNext(true);
    await expect(diagrams.of(first)).rejects.toThrow('layout failed');
    d.failNext(false);
    await expect(diagrams.of(first)).resolves.toMatchObject({ svg: expect.any(String) });
    expect(d.drawn).toHaveLength(2);
  });
});
