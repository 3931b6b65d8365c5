import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { largeBodyGate } from './large-body-gate.service';

/** A request with these headers, its response (closed by hand) and whether it was let through. */
function call(
  gate: ReturnType<typeof largeBodyGate>,
  headers: Record<string, string>,
  council = '',
) {
  const res = new EventEmitter();
  const seen = { through: false, close: () => res.emit('close') };
  gate({ headers, council } as unknown as Request, res as unknown as Response, () => {
    seen.through = true;
  });
  return seen;
}

const busy: Request[] = [];
const gateOf = (atOnce: number) =>
  largeBodyGate(
    atOnce,
    100 * 1024,
    1000,
    (req) => {
      busy.push(req);
    },
    (req) => (req as unknown as { council: string }).council,
  );

const large = { 'content-length': String(12 * 2 ** 20) };

describe('largeBodyGate', () => {
  it('lets two large bodies through at once and the third when one of them is answered', () => {
    const gate = gateOf(2);
    const [a, b, c] = [call(gate, large), call(gate, large), call(gate, large)];
    expect([a.through, b.through, c.through]).toEqual([true, true, false]);
    b.close();
    expect(c.through).toBe(true);
  });

  it('gives the turns in the order the requests came', () => {
    const gate = gateOf(1);
    const [a, b, c] = [call(gate, large), call(gate, large), call(gate, large)];
    a.close();
    expect([b.through, c.through]).toEqual([true, false]);
    b.close();
    expect(c.through).toBe(true);
  });

  it('lets small bodies and requests without a body pass while the large ones wait', () => {
    const gate = gateOf(1);
    call(gate, large);
    expect(call(gate, large).through).toBe(false);
    expect(call(gate, { 'content-length': '2000' }).through).toBe(true);
    expect(call(gate, {}).through).toBe(true);
  });

  it('counts a body of unknown length (chunked) as large', () => {
    const gate = gateOf(1);
    call(gate, large);
    expect(call(gate, { 'transfer-encoding': 'chunked' }).through).toBe(false);
  });

  it('drops a waiting request whose connection closed, giving its turn to the next', () => {
    const gate = gateOf(1);
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

  it('answers a request still waiting after the bound as busy, unread, and gives the turn to the next', () => {
    jest.useFakeTimers();
    try {
      busy.length = 0;
      const gate = gateOf(1);
      const a = call(gate, large);
      jest.advanceTimersByTime(500);
      const late = call(gate, large);
      jest.advanceTimersByTime(600);
      const c = call(gate, large);
      expect(busy).toHaveLength(0);
      jest.advanceTimersByTime(400);
      expect([busy.length, late.through]).toEqual([1, false]);
      // c's turn comes before its bound: it proceeds and is not answered as busy.
      a.close();
      jest.advanceTimersByTime(2000);
      expect([c.through, busy.length]).toEqual([true, 1]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('gives the turns round the councils waiting, so that one council’s many do not hold up another’s one', () => {
    const gate = gateOf(1);
    const reading = call(gate, large, 'solent');
    const solent = [
      call(gate, large, 'solent'),
      call(gate, large, 'solent'),
      call(gate, large, 'solent'),
    ];
    const wessex = call(gate, large, 'wessex');
    const order: string[] = [];
    const next = () => {
      const now = [
        ...solent.map((s, i) => (s.through ? `solent ${i + 1}` : '')),
        wessex.through ? 'wessex' : '',
      ];
      const started = now.filter((x) => x && !order.includes(x));
      expect(started).toHaveLength(1);
      order.push(started[0]);
      return started[0] === 'wessex' ? wessex : solent[Number(started[0].split(' ')[1]) - 1];
    };
    let turn = reading;
    for (let i = 0; i < 4; i++) {
      turn.close();
      turn = next();
    }
    expect(order).toEqual(['solent 1', 'wessex', 'solent 2', 'solent 3']);
  });

  it('drops a council’s waiting request whose connection closed without losing the council’s place', () => {
    const gate = gateOf(1);
    const reading = call(gate, large, 'solent');
    const [gone, kept] = [call(gate, large, 'solent'), call(gate, large, 'solent')];
    const wessex = call(gate, large, 'wessex');
    gone.close();
    reading.close();
    expect([gone.through, kept.through, wessex.through]).toEqual([false, true, false]);
    kept.close();
    expect(wessex.through).toBe(true);
  });
});
