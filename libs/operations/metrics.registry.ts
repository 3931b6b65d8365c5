import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { observe } from '../core/observations';
import type { Backlog } from '../engine/backlog.repository';

/** The process's Prometheus metrics (docs/operations.md lists them and what to alert on). */
export const metrics = new Registry();
collectDefaultMetrics({ register: metrics, prefix: 'ratify_' });

const httpDuration = new Histogram({
  name: 'ratify_http_request_duration_seconds',
  help: 'HTTP requests by route template (never the raw path), method and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metrics],
});
const inFlight = new Gauge({
  name: 'ratify_http_requests_in_flight',
  help: 'HTTP requests received and not yet answered',
  registers: [metrics],
});
const engineEvents = new Counter({
  name: 'ratify_engine_events_total',
  help: 'Events sent to cases over the API and through email links, by outcome (version_conflict is 409)',
  labelNames: ['via', 'event', 'outcome'] as const,
  registers: [metrics],
});
const caseSends = new Counter({
  name: 'ratify_case_sends_total',
  help: 'Events sent to cases by any path (API, email link, meeting, deadline), by template, version, event (when accepted) and outcome',
  labelNames: ['template', 'version', 'event', 'outcome'] as const,
  registers: [metrics],
});
const caseSendSeconds = new Histogram({
  name: 'ratify_case_send_duration_seconds',
  help: 'How long the engine took to decide and write a send, by template and outcome',
  labelNames: ['template', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metrics],
});
const auditVerifications = new Counter({
  name: 'ratify_audit_verifications_total',
  help: "Cases' audit chains verified by this process (case pages, the API), by whether each held",
  labelNames: ['outcome'] as const,
  registers: [metrics],
});
observe((o) => {
  if (o.kind === 'case-send') {
    const template = o.template || 'none';
    caseSends.inc({ template, version: String(o.version), event: o.event, outcome: o.outcome });
    caseSendSeconds.observe({ template, outcome: o.outcome }, o.seconds);
  } else auditVerifications.inc({ outcome: o.outcome });
});
const jobRuns = new Histogram({
  name: 'ratify_worker_job_duration_seconds',
  help: 'Worker job runs (deadline-sweep, outbox-delivery) by outcome',
  labelNames: ['job', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
  registers: [metrics],
});
const jobItems = new Counter({
  name: 'ratify_worker_items_total',
  help: 'What worker jobs carried out: deadlines fired or found stale, emails sent',
  labelNames: ['job', 'item'] as const,
  registers: [metrics],
});

function outcomeOf(status: number): string {
  if (status < 400) return 'accepted';
  if (status === 409) return 'version_conflict';
  if (status >= 500) return 'failed';
  return 'refused';
}

/** Express middleware: times each request and labels it with the route Express matched. */
export function httpMetrics(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  // What the histogram's startTimer measures (process.hrtime), without its two closures and the
  // label object it copies (issue #21).
  const started = process.hrtime.bigint();
  inFlight.inc();
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    inFlight.dec();
    const route = routeTemplate(req) ?? 'unmatched';
    const status = res.statusCode;
    httpDuration.observe({ method: req.method ?? 'GET', route, status: String(status) }, seconds);
    if (route === '/api/cases/:id/events') {
      const type = (req as { body?: { type?: unknown } }).body?.type;
      const accepted = status < 400 && typeof type === 'string';
      engineEvents.inc({ via: 'api', event: accepted ? type : '', outcome: outcomeOf(status) });
    } else if (route === '/act/:token' && req.method === 'POST') {
      engineEvents.inc({ via: 'link', event: '', outcome: outcomeOf(status) });
    }
  };
  // Kept rather than once: `done` answers the second, without a wrapper for each.
  res.on('finish', finish);
  res.on('close', finish);
  next();
}

/** A worker job's run: how long, whether it threw, and what it carried out. */
export function recordJobRun(
  job: string,
  seconds: number,
  outcome: 'ok' | 'failed',
  items: Record<string, number> = {},
): void {
  jobRuns.observe({ job, outcome }, seconds);
  for (const [item, n] of Object.entries(items)) if (n > 0) jobItems.inc({ job, item }, n);
}

/** A worker job's tick held back for another job (the outbox's, for the deadlines): not a run. */
export function recordJobDeferred(job: string): void {
  jobItems.inc({ job, item: 'deferred' });
}

/** What the workers owe, read from the database at each scrape. */
export function watchBacklog(read: () => Promise<Backlog>): void {
  let last: Promise<Backlog> | null = null;
  // The four gauges share one query per scrape.
  const once = () => (last ??= read().finally(() => setImmediate(() => (last = null))));
  const gauge = (name: string, help: string, pick: (b: Backlog) => number) => {
    metrics.removeSingleMetric(name);
    new Gauge({
      name,
      help,
      registers: [metrics],
      async collect() {
        // A database that does not answer leaves the last value; readiness reports it.
        await once().then(
          (b) => this.set(pick(b)),
          () => undefined,
        );
      },
    });
  };
  gauge('ratify_outbox_pending', 'Emails waiting to be sent', (b) => b.outboxPending);
  gauge(
    'ratify_outbox_oldest_due_seconds',
    'Age of the oldest email due and not yet sent',
    (b) => b.outboxOldestDueSeconds,
  );
  gauge(
    'ratify_deadlines_due',
    'Deadlines and reminders due and not yet fired',
    (b) => b.deadlinesDue,
  );
  gauge(
    'ratify_deadline_lag_seconds',
    'How long the oldest due deadline has waited past its time',
    (b) => b.deadlineLagSeconds,
  );
}

/** GET /metrics on its own port (METRICS_PORT), apart from the public one. */
export async function serveMetrics(port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found: GET /metrics\n');
      return;
    }
    metrics.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': metrics.contentType }).end(text),
      (e: unknown) =>
        res
          .writeHead(500, { 'Content-Type': 'text/plain' })
          .end(`metrics failed: ${e instanceof Error ? e.message : String(e)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

/** The route template Express matched (/api/cases/:id), or null when no route took the request. */
export function routeTemplate(req: IncomingMessage): string | null {
  const path = (req as IncomingMessage & { route?: { path?: unknown } }).route?.path;
  return typeof path === 'string' ? path : null;
}
