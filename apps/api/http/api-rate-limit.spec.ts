import express, { type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import request from 'supertest';
import { apiRateLimit } from './api-rate-limit.service';

/*
 * apiRateLimit took the place of express-rate-limit for /api (issue #21): the same requests, on
 * the same clock, must be counted and answered alike, headers and all, by both.
 */
describe('the API rate limit answers as express-rate-limit with its memory store did', () => {
  const windowMs = 60_000;
  const limit = 3;
  const keyOf = (req: Request) => `key:${String(req.headers['x-key'])}`;
  const refuse = (_req: Request, res: Response) => {
    res.status(429).json({ code: 'TOO_MANY_REQUESTS' });
  };

  function appWith(limiter: express.RequestHandler) {
    const app = express();
    app.use(limiter);
    app.use((_req: Request, res: Response) => {
      res.json({ ok: true });
    });
    return app;
  }

  beforeEach(() => {
    // Date and the stores' sweeps on a clock of the test's; sockets keep the real timers.
    jest.useFakeTimers({
      now: new Date('2026-12-05T10:00:00.250Z'),
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
      ],
    });
  });
  afterEach(() => jest.useRealTimers());

  async function answers(app: express.Express, key: string) {
    const res = await request(app).get('/api/cases').set('X-Key', key);
    const h = res.headers as Record<string, string | undefined>;
    return {
      status: res.status,
      rateLimit: h.ratelimit,
      policy: h['ratelimit-policy'],
      retryAfter: h['retry-after'],
    };
  }

  it('counts each key in its own window, refuses past the limit and forgets an idle key', async () => {
    const theirs = appWith(
      rateLimit({
        windowMs,
        limit,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        keyGenerator: keyOf,
        handler: refuse,
      }),
    );
    const ours = appWith(apiRateLimit({ windowMs, limit, keyOf, refuse }));
    // [ms to move the clock on, key]: a window filled and passed, another key beside it, a key
    // idle for two sweeps, and requests at the second a window ends.
    const steps: [number, string][] = [
      [0, 'a'],
      [1_000, 'a'],
      [400, 'b'],
      [10_000, 'a'],
      [1, 'a'],
      [20_000, 'a'],
      [28_599, 'a'],
      [1, 'a'],
      [0, 'b'],
      [1_000, 'a'],
      [59_000, 'b'],
      [61_000, 'c'],
      [120_000, 'a'],
      [500, 'a'],
    ];
    const seen: string[] = [];
    for (const [wait, key] of steps) {
      jest.advanceTimersByTime(wait);
      const mine = await answers(ours, key);
      expect(mine).toEqual(await answers(theirs, key));
      seen.push(`${mine.status}`);
    }
    // The sequence reached both sides of the limit.
    expect(seen).toContain('429');
    expect(seen).toContain('200');
  });

  it('leaves no timer behind once stopped', () => {
    const before = jest.getTimerCount();
    const limiter = apiRateLimit({ windowMs, limit, keyOf, refuse });
    expect(jest.getTimerCount()).toBe(before + 1);
    limiter.stop();
    expect(jest.getTimerCount()).toBe(before);
  });
});
