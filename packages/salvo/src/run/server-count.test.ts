/**
 * Nothing lost, nothing hidden: real runs against a fault server that counts every request
 * it receives, one misbehaviour at a time, on both transports. The server's count must be
 * exactly what the results say (docs/metrics.md, "Every request counted"):
 *
 *   requests the server received = http_reqs
 *   http_reqs = requests made (http_req_failed passes + fails) + http_req_retries
 *   request errors = failed requests (http_req_failed passes) + http_req_retries
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type FaultServer, startFaultServer } from '../http/testing/index.ts';
import type { ResultsDocument } from '../results/index.ts';
import type { RunningTest } from './coordinator.ts';
import { startTestFile } from './testing/started-test-file.ts';
import { testFiles } from './testing/test-files.ts';

let faults: FaultServer;
const files = testFiles();
before(async () => {
  faults = await startFaultServer();
});
after(async () => {
  await faults.close();
  files.remove();
});

/** Starts a run of `source` on one runner; `whileRunning` may stop it. */
async function run(
  source: string,
  whileRunning: (running: RunningTest) => Promise<void> = async () => {},
): Promise<ResultsDocument> {
  const { running, results } = await startTestFile(files, source);
  await whileRunning(running);
  await running.done;
  return results();
}

interface Figures {
  readonly reqs: number;
  readonly retries: number;
  readonly failed: number;
  readonly succeeded: number;
  readonly errors: Readonly<Record<string, number>>;
}

function figures(doc: ResultsDocument): Figures {
  const count = (key: string) => (doc.metrics[key]?.values as { count?: number } | undefined)?.count ?? 0;
  const failed = doc.metrics.http_req_failed?.values as { passes: number; fails: number } | undefined;
  const errors: Record<string, number> = {};
  for (const entry of doc.errors) errors[entry.kind] = (errors[entry.kind] ?? 0) + entry.count;
  return {
    reqs: count('http_reqs'),
    retries: count('http_req_retries'),
    failed: failed?.passes ?? 0,
    succeeded: failed?.fails ?? 0,
    errors,
  };
}

/** The identities of docs/metrics.md, against what the server counted for `pathPrefix`. */
function assertCounted(doc: ResultsDocument, pathPrefix: string, before: number): Figures {
  const f = figures(doc);
  const seen = faults.requests(pathPrefix) - before;
  const requestErrors = Object.values(f.errors).reduce((sum, n) => sum + n, 0);
  const shown = JSON.stringify(f);
  assert.ok(seen > 0, `the server saw requests to ${pathPrefix}`);
  assert.equal(f.reqs, seen, `server saw ${seen}, results say ${shown}`);
  assert.equal(f.reqs, f.failed + f.succeeded + f.retries, shown);
  assert.equal(requestErrors, f.failed + f.retries, shown);
  return f;
}

/** A test file of one scenario: `executor` settings, `exec` as the body of its function. */
function source(exec: string, executor: string, transport: string): string {
  return `export default defineTest({
    http: { baseUrl: '${faults.url}', transport: '${transport}', timeout: '5s' },
    scenarios: { x: { ${executor}, exec: async (vu) => { ${exec} } } },
  });`;
}

for (const transport of ['lean', 'undici'] as const) {
  describe(`every request the server saw is in the results (${transport})`, () => {
    test('a server that never answers, past the graceful-stop deadline: each request counted, interrupted', async () => {
      const before = faults.requests('/stall');
      const doc = await run(
        source(
          "await vu.http.get('/stall');",
          "executor: 'constant-vus', vus: 2, duration: '1s', gracefulStop: '1s'",
          transport,
        ),
      );
      const f = assertCounted(doc, '/stall', before);
      assert.equal(f.reqs, 2);
      assert.deepEqual(f.errors, { interrupted: 2 });
      assert.equal(f.failed, 2);
      // sent at the start, cut off at the deadline (1 s + 1 s): the wait is kept as a lower bound
      const duration = doc.metrics.http_req_duration?.values as { min: number };
      assert.ok(duration.min >= 1500, `http_req_duration min ${duration.min} ms`);
    });

    test('a stop, then a hard stop (Ctrl-C twice): the requests in flight are counted, interrupted', async () => {
      const before = faults.requests('/stall');
      const started = performance.now();
      const doc = await run(
        source(
          "await vu.http.get('/stall');",
          "executor: 'constant-vus', vus: 2, duration: '30s', gracefulStop: '30s'",
          transport,
        ),
        async (running) => {
          await new Promise((resolve) => setTimeout(resolve, 500));
          running.stop('graceful');
          await new Promise((resolve) => setTimeout(resolve, 300));
          running.stop('hard');
        },
      );
      assert.ok(performance.now() - started < 10_000, 'the hard stop ended the run');
      assert.equal(doc.meta.outcome, 'interrupted');
      const f = assertCounted(doc, '/stall', before);
      assert.equal(f.reqs, 2);
      assert.deepEqual(f.errors, { interrupted: 2 });
    });

    test('a server that resets every other request: each attempt counted, resends as retries', async () => {
      const before = faults.requests('/reset-every-other');
      const doc = await run(
        source(
          "await vu.http.get('/reset-every-other');",
          "executor: 'shared-iterations', vus: 2, iterations: 200",
          transport,
        ),
      );
      const f = assertCounted(doc, '/reset-every-other', before);
      assert.equal(f.failed + f.succeeded, 200, 'one outcome per request made');
      assert.ok(f.retries > 0, `reused connections that reset were resent: ${JSON.stringify(f)}`);
      assert.deepEqual(Object.keys(f.errors), ['reset']);
    });

    test('a server that closes idle keep-alive connections: nothing lost, nothing doubled', async () => {
      const before = faults.requests('/idle-close');
      const doc = await run(
        source(
          "await vu.http.get('/idle-close/20'); await vu.sleep(0.15);",
          "executor: 'shared-iterations', vus: 2, iterations: 12",
          transport,
        ),
      );
      const f = assertCounted(doc, '/idle-close', before);
      assert.equal(f.failed + f.succeeded, 12);
    });

    test('a server that half-closes after each response: each attempt counted', async () => {
      const before = faults.requests('/half-close');
      const doc = await run(
        source(
          "await vu.http.get('/half-close');",
          "executor: 'shared-iterations', vus: 2, iterations: 100",
          transport,
        ),
      );
      const f = assertCounted(doc, '/half-close', before);
      assert.equal(f.failed + f.succeeded, 100);
    });

    test('https:// to a plain-HTTP server: each request counted as a tls error; none reached it', async () => {
      let httpRequests = 0;
      let badStarts = 0;
      const plain = createServer((_req, res) => {
        httpRequests++;
        res.end('ok');
      }).on('clientError', (_error, socket) => {
        badStarts++; // a TLS hello is not HTTP: node:http answers 400 and closes
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      });
      await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
      const { port } = plain.address() as AddressInfo;
      try {
        const doc = await run(
          source(
            `await vu.http.get('https://127.0.0.1:${port}/');`,
            "executor: 'shared-iterations', vus: 2, iterations: 10",
            transport,
          ),
        );
        const f = figures(doc);
        assert.equal(httpRequests, 0, 'no HTTP request reached the server');
        assert.equal(badStarts, 10, 'each attempt opened a connection and sent a TLS hello');
        assert.equal(f.reqs, 10, JSON.stringify(f));
        assert.deepEqual(f.errors, { tls: 10 });
        assert.equal(doc.meta.outcome, 'nothing_succeeded');
      } finally {
        await new Promise((resolve) => plain.close(resolve));
      }
    });

    test('a server that answers garbage: each request counted as a protocol error', async () => {
      const before = faults.requests('/garbage');
      const doc = await run(
        source(
          "await vu.http.get('/garbage');",
          "executor: 'shared-iterations', vus: 2, iterations: 20",
          transport,
        ),
      );
      const f = assertCounted(doc, '/garbage', before);
      assert.deepEqual(f.errors, { protocol: 20 });
    });
  });
}
