import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { createMetrics, type Metrics, type MetricsOptions } from './index.ts';

/**
 * One contract every adapter's test file runs. The app under test serves, through the adapter:
 * GET /post/:id (200), POST /post (201), GET /boom (500), GET /slow (waits for the gate),
 * GET /health (200, excluded) and GET /metrics (metrics.metricsHandler or equivalent).
 */
export interface TestApp {
  baseUrl: string;
  close(): Promise<void>;
}

/** Holds /slow requests until opened. */
export class Gate {
  #open: () => void = () => {};
  #opened: Promise<void> = new Promise((resolve) => (this.#open = resolve));
  wait(): Promise<void> {
    return this.#opened;
  }
  open(): void {
    this.#open();
  }
}

export type StartApp = (metrics: Metrics, gate: Gate) => Promise<TestApp>;

/** Values of one metric by label set, e.g. `{ 'GET /post/:id 200': 3 }` for http_requests_total. */
export async function seriesOf(metrics: Metrics, name: string): Promise<Map<string, number>> {
  const metric = metrics.registry.getSingleMetric(name);
  assert.ok(metric, `metric ${name} is registered`);
  const out = new Map<string, number>();
  for (const v of (await metric.get()).values) {
    const l = v.labels as Record<string, string | number | undefined>;
    out.set(`${l.method} ${l.route} ${l.status}`, v.value);
  }
  return out;
}

/** Polls `check` until it passes (bounded: 5 s), then returns; rethrows the last failure. */
export async function eventually(check: () => Promise<void> | void): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

async function get(url: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return res;
}

/** Runs `count` GETs of `pathOf(i)` with bounded concurrency. */
export async function hammer(baseUrl: string, count: number, pathOf: (i: number) => string): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await get(baseUrl + pathOf(next++));
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** Sends a request and destroys the socket once the server has it in flight. */
async function abortInFlight(metrics: Metrics, baseUrl: string, path: string): Promise<void> {
  const req = request(baseUrl + path);
  req.on('error', () => {});
  req.end();
  await eventually(async () => assert.equal(await inFlight(metrics), 1));
  req.destroy();
}

export async function inFlight(metrics: Metrics): Promise<number | undefined> {
  return (await metrics.registry.getSingleMetric('http_requests_in_flight')?.get())?.values[0]?.value;
}

/** A request with an arbitrary method through node:http (fetch refuses some). */
function sendMethod(baseUrl: string, method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(baseUrl + path, { method }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

export function runAdapterContract(name: string, startApp: StartApp): void {
  const withApp = async (
    options: MetricsOptions,
    body: (app: TestApp, metrics: Metrics, gate: Gate) => Promise<void>,
  ): Promise<void> => {
    const metrics = createMetrics({ collectDefaultMetrics: false, ...options });
    const gate = new Gate();
    const app = await startApp(metrics, gate);
    try {
      await body(app, metrics, gate);
    } finally {
      gate.open();
      await app.close();
    }
  };

  describe(`${name} adapter contract`, () => {
    it('labels requests with the route template, method and numeric status', () =>
      withApp({}, async (app, metrics) => {
        await get(`${app.baseUrl}/post/1`);
        await get(`${app.baseUrl}/post/2?x=1`);
        await get(`${app.baseUrl}/post`, { method: 'POST', body: 'x' });
        await get(`${app.baseUrl}/boom`);
        await eventually(async () => {
          const series = await seriesOf(metrics, 'http_requests_total');
          assert.equal(series.get('GET /post/:id 200'), 2);
          assert.equal(series.get('POST /post 201'), 1);
          assert.equal(series.get('GET /boom 500'), 1);
          assert.equal(series.size, 3);
        });
        const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
        assert.match(text, /^http_requests_total\{method="GET",route="\/post\/:id",status="200"\} 2$/m);
      }));

    it('keeps 1000 distinct ids and 50 unknown paths to one series each', () =>
      withApp({}, async (app) => {
        await hammer(app.baseUrl, 1000, (i) => `/post/${i}`);
        await hammer(app.baseUrl, 50, (i) => `/scan-${i}/wp-admin.php`);
        await eventually(async () => {
          const res = await fetch(`${app.baseUrl}/metrics`);
          const lines = (await res.text()).split('\n').filter((l) => l.startsWith('http_requests_total{'));
          assert.deepEqual(lines.sort(), [
            'http_requests_total{method="GET",route="/post/:id",status="200"} 1000',
            'http_requests_total{method="GET",route="__unmatched__",status="404"} 50',
          ]);
        });
      }));

    it('does not record excluded paths and serves /metrics with the Prometheus content type', () =>
      withApp({}, async (app, metrics) => {
        await get(`${app.baseUrl}/health`);
        await get(`${app.baseUrl}/health?probe=1`);
        const res = await fetch(`${app.baseUrl}/metrics`);
        assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
        assert.equal(res.headers.get('content-type'), metrics.contentType);
        assert.match(await res.text(), /^# TYPE http_requests_total counter$/m);
        await get(`${app.baseUrl}/post/1`);
        await eventually(async () => {
          const series = await seriesOf(metrics, 'http_requests_total');
          assert.deepEqual([...series.keys()], ['GET /post/:id 200']);
        });
      }));

    it('collapses unknown methods to OTHER', () =>
      withApp({}, async (app, metrics) => {
        await sendMethod(app.baseUrl, 'PURGE', '/post/1');
        await eventually(async () => {
          const keys = [...(await seriesOf(metrics, 'http_requests_total')).keys()];
          assert.equal(keys.length, 1);
          assert.match(keys[0]!, /^OTHER /);
        });
      }));

    it('records a client abort once (status 499) and in-flight returns to 0', () =>
      withApp({}, async (app, metrics, gate) => {
        await abortInFlight(metrics, app.baseUrl, '/slow');
        await eventually(async () => {
          assert.equal((await seriesOf(metrics, 'http_requests_total')).get('GET /slow 499'), 1);
          assert.equal(await inFlight(metrics), 0);
        });
        gate.open(); // the handler now answers into the closed response
        await new Promise((resolve) => setTimeout(resolve, 50));
        const series = await seriesOf(metrics, 'http_requests_total');
        assert.deepEqual([...series.entries()], [['GET /slow 499', 1]]);
        assert.equal(await inFlight(metrics), 0);
      }));

    it('uses the configured buckets and common labels', () =>
      withApp(
        { buckets: [0.2, 3], commonLabels: { service: 'blog', region: 'eu' } },
        async (app, metrics) => {
          await get(`${app.baseUrl}/post/7`);
          await eventually(async () => {
            const text = await metrics.metricsText();
            const edges = [...text.matchAll(/^http_request_duration_seconds_bucket\{le="([^"]+)"/gm)].map(
              (m) => m[1],
            );
            assert.deepEqual(edges, ['0.2', '3', '+Inf']);
            assert.match(text, /^http_requests_total\{[^}]*service="blog",region="eu"\} 1$/m);
          });
        },
      ));
  });
}
