import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { largeBodyGate } from './large-body-gate.service';

/** A request with these headers, its response (closed by hand) and whether it was let through. */
function call(gate: ReturnType<typeof largeBodyGate>, headers: Record<string, string>) {
  const res = new EventEmitter();
  const seen = { through: false, close: () => res.emit('close') };
  gate({ headers } as unknown as Request, res as unknown as Response, () => {
    seen.through = true;
  });
  return seen;
}

const large = { 'content-length': String(12 * 2 ** 20) };

describe('largeBodyGate', () => {
  it('lets two large bodies through at once and the third when one of them is answered', () => {
    const gate = largeBodyGate(2, 100 * 1024);
    const [a, b, c] = [call(gate, large), call(gate, large), call(gate, large)];
    expect([a.through, b.through, c.through]).toEqual([true, true, false]);
    b.close();
    expect(c.through).toBe(true);
  });

  it('gives the turns in the order the requests came', () => {
    const gate = largeBodyGate(1, 100 * 1024);
    const [a, b, c] = [call(gate, large), call(gate, large), call(gate, large)];
    a.close();
    expect([b.through, c.through]).toEqual([true, false]);
    b.close();
    expect(c.through).toBe(true);
  });

  it('lets small bodies and requests without a body pass while the large ones wait', () => {
    const gate = largeBodyGate(1, 100 * 1024);
    call(gate, large);
    expect(call(gate, large).through).toBe(false);
    expect(call(gate, { 'content-length': '2000' }).through).toBe(true);
    expect(call(gate, {}).through).toBe(true);
  });

  it('counts a body of unknown length (chunked) as large', () => {
    const gate = largeBodyGate(1, 100 * 1024);
    call(gate, large);
    expect(call(gate, { 'transfer-encoding': 'chunked' }).through).toBe(false);
  });

  it('drops a waiting request whose connection closed, giving its turn to the next', () => {
    const gate = largeBodyGate(1, 100 * 1024);
    const [a, gone, c] = [call(gate, large), call(gate, large), call(gate, large)];
    gone.close();
    a.close();
    expect([gone.through, c.through]).toEqual([false, true]);
    // A turn ends once however often its response says it closed: the next still waits for c.
    c.close();
    c.close();
    const [d, e] = [call(gate, large), call(gate, large)];
    expect([d.through, e.through]).toEqual([true, false]);
  });
});
