import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startFaultServer, startTestServer, type TestServer } from '../http/testing/index.ts';
import { csvOutput } from '../outputs/csv.ts';
import type { RunSettings } from './coordinator.ts';
import { startTestFile } from './testing/started-test-file.ts';
import { testFiles } from './testing/test-files.ts';

let server: TestServer;
const files = testFiles();
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
  files.remove();
});

async function runFile(source: string, extra: Partial<RunSettings> = {}) {
  const started = await startTestFile(files, source, extra);
  const outcome = await started.running.done;
  return { ...outcome, views: started.views, doc: started.results() };
}

test('iterations run exactly, with checks, names and every k6 metric', async () => {
  const { exitCode, doc } = await runFile(`
    export default defineTest({
      vus: 4, iterations: 40,
      http: { baseUrl: '${server.url}' },
      thresholds: { http_req_failed: ['rate<0.01'], 'http_req_duration{name:/items/:id}': ['p(99)<5000'] },
      exec: async (vu) => {
        const res = await vu.http.get('/items/' + (vu.id * 1000 + vu.iteration));
        vu.check(res, { 'status is 200': (r) => r.status === 200 });
      },
    });`);
  assert.equal(exitCode, 0);
  assert.equal(doc.meta.outcome, 'passed');
  const count = (key: string) => (doc.metrics[key]!.values as { count: number }).count;
  assert.equal(count('iterations'), 40);
  assert.equal(count('http_reqs'), 40);
  for (const metric of ['http_req_duration', 'http_req_waiting', 'http_req_connecting', 'http_req_blocked']) {
    assert.ok(doc.metrics[metric], `${metric} in the summary`);
  }
  assert.deepEqual(doc.checks, [{ name: 'status is 200', passes: 40, fails: 0 }]);
  assert.ok(doc.metrics['http_req_duration{name:/items/:id}']?.thresholds?.['p(99)<5000']?.ok);
  assert.ok(doc.histograms.http_req_duration?.startsWith('HISTF'));
});

test('a VU loop takes iterations of every shape back to back, each counted once', async () => {
  const { exitCode, doc } = await runFile(`
    export default defineTest({
      scenarios: { mixed: { executor: 'per-vu-iterations', vus: 2, iterations: 8, exec: (vu) => {
        switch (vu.iteration % 4) {
          case 0: return undefined;
          case 1: return vu.http.get('${server.url}/echo');
          case 2: throw new Error('thrown at once');
          default: return { get then() { throw new Error('a then that throws'); } };
        }
      } } },
    });`);
  assert.equal(exitCode, 0);
  assert.equal((doc.metrics.iterations!.values as { count: number }).count, 16);
  assert.equal((doc.metrics.http_reqs!.values as { count: number }).count, 4);
  const script = doc.errors.filter((entry) => entry.kind === 'script');
  assert.equal(
    script.reduce((sum, entry) => sum + entry.count, 0),
    8,
  );
});

test('a misbehaving target: every failure counted and classified, the run carries on', async () => {
  const faults = await startFaultServer();
  try {
    const { exitCode, doc } = await runFile(`
      const paths = ['/reset', '/garbage', '/bad-chunk', '/cl-te', '/close-after/2', '/stall', '/fine'];
      export default defineTest({
        vus: 7, iterations: 70,
        http: { baseUrl: '${faults.url}', timeout: '300ms' },
        exec: async (vu) => { await vu.http.get(paths[vu.iteration % paths.length]); },
      });`);
    assert.equal(exitCode, 0);
    assert.equal((doc.metrics.iterations!.values as { count: number }).count, 70);
    const kinds = new Set(doc.errors.map((entry) => entry.kind));
    for (const kind of ['reset', 'protocol', 'timeout'])
      assert.ok(kinds.has(kind), `${kind} in ${[...kinds]}`);
    const failed = doc.metrics.http_req_failed!.values as { passes: number; fails: number };
    const errorCount = doc.errors.reduce((sum, entry) => sum + entry.count, 0);
    const retries = (doc.metrics.http_req_retries?.values as { count: number } | undefined)?.count ?? 0;
    assert.equal(
      failed.passes + retries,
      errorCount,
      'each failed request, and each failed attempt sent again, counts once under its kind',
    );
    assert.ok(failed.fails > 0, 'the well-behaved paths still succeed');
  } finally {
    await faults.close();
  }
});

test('the results document of a real run validates against the published schema', async () => {
  const { doc } = await runFile(`
    export default defineTest({
      scenarios: { open: {
        executor: 'constant-arrival-rate', rate: 50, duration: '1s', preAllocatedVUs: 2,
        exec: async (vu) => { await vu.http.get('${server.url}/status/' + (vu.iteration % 10 === 0 ? 503 : 200)); },
      } },
      thresholds: { 'http_req_duration{name:/status/:id}': ['p(95)<5000'] },
    });`);
  const schema = JSON.parse(
    readFileSync(new URL('../../../../docs/results.schema.json', import.meta.url), 'utf8'),
  );
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowMatchingProperties: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.ok(doc.metrics.response_time, 'open model runs carry response_time');
  assert.ok(doc.series.total.responseTime, 'and its per-second percentiles');
});

test('vus under an arrival rate: the VUs busy with an iteration, however short, at any moment', async () => {
  // An iteration that never waits is busy for microseconds: a reading once a second misses it.
  const { doc } = await runFile(`
    export default defineTest({
      scenarios: { open: {
        executor: 'constant-arrival-rate', rate: 20, duration: '1500ms', preAllocatedVUs: 3, exec: () => {},
      } },
    });`);
  assert.ok((doc.metrics.iterations!.values as { count: number }).count >= 25);
  const vus = doc.metrics.vus!.values as { value: number; min: number; max: number };
  // more than one when a late timer starts a batch of arrivals at once
  assert.ok(vus.max >= 1 && vus.max <= 3, `max ${vus.max}`);
  assert.equal(vus.min, 0);
  assert.equal(vus.value, 0, 'none busy after the run');
  assert.equal((doc.metrics.vus_max!.values as { max: number }).max, 3);
});

test('bytes per request name: series.byName and the CSV add up to the totals', async () => {
  const csvPath = join(files.dir, 'bytes.csv');
  const { doc } = await runFile(
    `
    export default defineTest({
      vus: 2, iterations: 20,
      exec: async (vu) => {
        await vu.http.get('${server.url}/length?size=4000', { name: 'big' });
        await vu.http.post('${server.url}/length?size=10', 'x'.repeat(300), { name: 'small' });
      },
    });`,
    { outputs: [csvOutput(csvPath)] },
  );
  const sum = (column: number[]) => column.reduce((a, b) => a + b, 0);
  const { big, small } = doc.series.byName;
  assert.ok(big && small);
  assert.ok(sum(big.bytesReceived) > 20 * 4000, `big received ${sum(big.bytesReceived)}`);
  assert.ok(sum(small.bytesSent) > 20 * 300, `small sent ${sum(small.bytesSent)}`);
  assert.ok(sum(small.bytesReceived) < sum(big.bytesReceived) / 10);
  for (const column of ['bytesSent', 'bytesReceived'] as const) {
    assert.equal(sum(big[column]) + sum(small[column]), sum(doc.series.total[column]), column);
  }
  const total = (metric: string) => (doc.metrics[metric]!.values as { count: number }).count;
  assert.equal(total('data_sent'), sum(doc.series.total.bytesSent));
  assert.equal(total('data_received'), sum(doc.series.total.bytesReceived));

  const [header, ...rows] = readFileSync(csvPath, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  const column = header!.indexOf('bytes_received');
  const csvReceived = (name: string) =>
    rows.filter((row) => row[2] === name).reduce((acc, row) => acc + Number(row[column]), 0);
  assert.equal(csvReceived('big'), sum(big.bytesReceived));
  assert.equal(csvReceived('small'), sum(small.bytesReceived));
});

test('meta.transport names the transport that carried the requests; http2 leaves http:// on HTTP/1.1', async () => {
  const run = (http: string) =>
    runFile(`
      export default defineTest({
        vus: 1, iterations: 3, http: ${http},
        exec: async (vu) => { await vu.http.get('${server.url}/'); },
      });`);
  assert.equal((await run('{ http2: true }')).doc.meta.transport, 'lean', 'h2c was not asked');
  assert.equal((await run("{ transport: 'undici' }")).doc.meta.transport, 'undici');
  assert.equal((await run('{}')).doc.meta.transport, 'lean');
});
