import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ResultsDocument } from '../results/index.ts';
import { startTestFile } from '../run/testing/started-test-file.ts';
import { testFiles } from '../run/testing/test-files.ts';
import { schemaErrors } from '../suites/testing/results-schema.ts';
import { type CountingServer, startCountingServer } from './testing/counting-server.ts';

// A real Salvo run (one runner, in this process) through the real proxy the test's
// `faults` starts, against a real loopback server that counts what reaches it.

let server: CountingServer;
const files = testFiles();
before(async () => {
  server = await startCountingServer();
});
after(async () => {
  await server.close();
  files.remove();
});

/** `iterations` requests from 10 VUs, each to `path(i)`, with `faults` and `thresholds`. */
async function runThroughProxy(options: {
  iterations: number;
  path: string;
  faults: string;
  thresholds?: string;
  timeout?: string;
  transport?: string;
}): Promise<ResultsDocument> {
  const started = await startTestFile(
    files,
    `export default defineTest({
      scenarios: { s: { executor: 'shared-iterations', vus: 10, iterations: ${options.iterations}, maxDuration: '90s',
        exec: async (vu) => { const i = vu.iteration; await vu.http.get(${options.path}); } } },
      http: { baseUrl: '${server.url}', timeout: '${options.timeout ?? '10s'}', transport: '${options.transport ?? 'auto'}' },
      thresholds: ${options.thresholds ?? '{}'},
      faults: ${options.faults},
    });`,
  );
  await started.running.done;
  return started.results();
}

const count = (doc: ResultsDocument, key: string) =>
  (doc.metrics[key]?.values as { count?: number })?.count ?? 0;
const realErrors = (doc: ResultsDocument) => doc.errors.filter((e) => e.fault === undefined);
const injectedBy = (doc: ResultsDocument, name: string) => doc.faults?.faults.find((f) => f.name === name);

test('no fault: every request reaches the service unchanged over kept-alive connections', async () => {
  const before = server.connections();
  const doc = await runThroughProxy({ iterations: 400, path: "'/plain'", faults: '[]' });
  assert.equal(server.count('/plain'), 400);
  assert.equal(count(doc, 'http_reqs{injected:false}'), 400);
  assert.equal(count(doc, 'http_reqs{injected:true}'), 0);
  // one per VU, and the preflight's check that the target answers
  assert.ok(server.connections() - before <= 11, `${server.connections() - before} connections for 10 VUs`);
  assert.deepEqual(doc.faults?.real, { requests: 400, failures: 0 });
});

test('http-error on a share of one route: the share within a few percent, counted at the service, all marked', async () => {
  const posts = server.count('/api/posts/7');
  const others = server.count('/other/7');
  const doc = await runThroughProxy({
    iterations: 1600,
    path: "i % 2 === 0 ? '/api/posts/7' : '/other/7'",
    faults: `[{ name: 'posts-503', kind: 'http-error', status: 503, share: '30%', route: 'GET /api/posts/:id' }]`,
    thresholds: `{ 'http_req_failed{injected:false}': ['rate==0'], 'http_req_failed{injected:true}': ['rate==1'] }`,
  });
  const reached = server.count('/api/posts/7') - posts;
  const injected = injectedBy(doc, 'posts-503')!;
  assert.equal(injected.eligible, 1600 - (server.count('/other/7') - others), 'only the route is eligible');
  assert.equal(reached + injected.injected, injected.eligible, 'what was not injected reached the service');
  // ~800 draws at 0.3: σ ≈ 13 (1.6 %); 6 % is over 3.5 σ
  const share = injected.injected / injected.eligible;
  assert.ok(Math.abs(share - 0.3) < 0.06, `share ${share}`);
  assert.equal(count(doc, 'http_reqs{injected:true}'), injected.injected, 'the client saw each mark');
  assert.equal(doc.meta.outcome, 'passed', 'real failures none, injected ones all failed');
  assert.deepEqual(realErrors(doc), []);
  assert.deepEqual(
    doc.errors.map(({ kind, name, fault, count }) => ({ kind, name, fault, count })),
    [{ kind: 'http_5xx', name: '/api/posts/:id', fault: 'http-error', count: injected.injected }],
  );
  assert.deepEqual(doc.faults?.byName, [
    { name: '/api/posts/:id', fault: 'http-error', requests: injected.injected, failures: injected.injected },
  ]);
  assert.equal(schemaErrors(JSON.parse(JSON.stringify(doc))), '');
});

test('latency (fixed, uniform, normal) and slow first byte add what they say, read from the HDR percentiles', async () => {
  const untouched = server.count('/none');
  const doc = await runThroughProxy({
    iterations: 400,
    path: "['/fixed', '/uniform', '/normal', '/sfb', '/none'][i % 5]",
    faults: `[
      { kind: 'latency', delay: '150ms', route: '/fixed' },
      { kind: 'latency', delay: '150ms', jitter: '50ms', distribution: 'uniform', route: '/uniform', name: 'uniform' },
      { kind: 'latency', delay: '150ms', jitter: '30ms', distribution: 'normal', route: '/normal', name: 'normal' },
      { kind: 'slow-first-byte', delay: '150ms', route: '/sfb' },
    ]`,
    thresholds: `{
      'http_req_duration{name:/fixed}': ['p(50)>0'], 'http_req_duration{name:/uniform}': ['p(50)>0'],
      'http_req_duration{name:/normal}': ['p(50)>0'], 'http_req_waiting{fault:slow-first-byte}': ['p(50)>0'],
      'http_req_duration{injected:false}': ['p(50)>0'],
    }`,
  });
  const values = (key: string) => doc.metrics[key]!.values as Record<string, number>;
  const fixed = values('http_req_duration{name:/fixed}');
  assert.ok(fixed.min! >= 149 && fixed.med! < 400, `fixed: min ${fixed.min}, med ${fixed.med}`);
  const uniform = values('http_req_duration{name:/uniform}');
  assert.ok(
    uniform.min! >= 99 && uniform.med! >= 120 && uniform.med! < 400,
    `uniform: ${JSON.stringify(uniform)}`,
  );
  const normal = values('http_req_duration{name:/normal}');
  assert.ok(normal.med! >= 130 && normal.med! < 400, `normal: ${JSON.stringify(normal)}`);
  const sfb = values('http_req_waiting{fault:slow-first-byte}');
  assert.ok(sfb.min! >= 149 && sfb.med! < 400, `slow first byte: ${JSON.stringify(sfb)}`);
  const plain = values('http_req_duration{injected:false}');
  assert.equal(plain.count, server.count('/none') - untouched, 'only /none went untouched');
  assert.ok(plain.med! < 100, `untouched med ${plain.med}`);
  assert.equal(count(doc, 'http_reqs{injected:true}'), 400 - plain.count!);
  assert.deepEqual(doc.errors, []);
});

test('resets (before the request, mid-response) are injected failures, never real ones', async () => {
  const doc = await runThroughProxy({
    iterations: 600,
    path: "i % 2 === 0 ? '/before' : '/mid?size=4000'",
    faults: `[
      { name: 'before', kind: 'reset', at: 'request', share: 0.2, route: '/before' },
      { name: 'mid', kind: 'reset', at: 'response', share: 0.2, route: '/mid' },
    ]`,
  });
  assert.deepEqual(realErrors(doc), []);
  const before = injectedBy(doc, 'before')!.injected;
  const mid = injectedBy(doc, 'mid')!.injected;
  assert.ok(before > 0 && mid > 0, `before ${before}, mid ${mid}`);
  // a reset on a reused connection before any response byte is sent again by the client
  // (docs/http.md): that attempt counts as an error and a retry, not as a failed request
  const errors = doc.errors.reduce((sum, e) => sum + e.count, 0);
  assert.equal(errors, before + mid, 'each reset the proxy made is one injected error at the client');
  for (const error of doc.errors) assert.equal(error.fault, 'reset');
});

test('undici goes through the proxy too, and its injected resets are injected, the service’s own real', async () => {
  const reached = server.count('/u');
  const doc = await runThroughProxy({
    iterations: 300,
    path: "i % 3 === 0 ? '/boom?reset' : '/u'",
    transport: 'undici',
    faults: `[{ name: 'cut', kind: 'reset', share: 0.3, route: '/u' }]`,
  });
  const cut = injectedBy(doc, 'cut')!;
  assert.ok(cut.injected > 0, `${cut.injected} resets`);
  assert.equal(
    server.count('/u') - reached + cut.injected,
    cut.eligible,
    'what was not reset reached the service',
  );
  const injected = doc.errors.filter((e) => e.fault === 'reset');
  assert.equal(
    injected.reduce((total, e) => total + e.count, 0),
    cut.injected,
  );
  assert.ok(injected.every((e) => e.name === '/u'));
  const real = realErrors(doc);
  assert.ok(real.length > 0 && real.every((e) => e.name === '/boom'), JSON.stringify(real));
});

test('timeouts (a request never answered) and blackholed connections are injected timeouts', async () => {
  const doc = await runThroughProxy({
    iterations: 200,
    path: "i % 4 === 0 ? '/hang' : '/fine'",
    // long enough that a busy machine's slow answer is not a real timeout
    timeout: '1500ms',
    faults: `[{ name: 'hang', kind: 'timeout', share: 0.5, route: '/hang' }, { name: 'hole', kind: 'blackhole', share: 0.1 }]`,
  });
  assert.deepEqual(realErrors(doc), []);
  const hang = injectedBy(doc, 'hang')!.injected;
  const hole = injectedBy(doc, 'hole')!.injected;
  assert.ok(hang > 0, `hang ${hang}`);
  const timeouts = (fault: string) =>
    doc.errors.filter((e) => e.fault === fault).reduce((sum, e) => sum + e.count, 0);
  assert.equal(timeouts('timeout'), hang, 'one client timeout per request the proxy stalled');
  assert.equal(timeouts('blackhole'), hole, 'one client timeout per connection blackholed');
  for (const error of doc.errors) assert.equal(error.kind, 'timeout');
});

test('a truncated body is an injected failure; a bandwidth limit slows and marks every response', async () => {
  const doc = await runThroughProxy({
    iterations: 60,
    path: "i % 3 === 0 ? '/cut?size=2000' : '/thin?size=20000'",
    faults: `[{ name: 'cut', kind: 'truncate', route: '/cut' }, { name: 'thin', kind: 'bandwidth', down: '200KB' }]`,
    thresholds: `{ 'http_req_duration{name:/thin}': ['p(50)>0'] }`,
  });
  assert.deepEqual(realErrors(doc), []);
  const cut = injectedBy(doc, 'cut')!.injected;
  assert.equal(cut, 20);
  assert.equal(
    doc.errors.filter((e) => e.fault === 'truncate').reduce((sum, e) => sum + e.count, 0),
    20,
  );
  // 20 000 bytes at 200 KiB/s: at least ~95 ms each (the head's few bytes aside)
  const thin = doc.metrics['http_req_duration{name:/thin}']!.values as Record<string, number>;
  assert.ok(thin.min! >= 80, `bandwidth: min ${thin.min}`);
  assert.equal(doc.faults!.byName.find((row) => row.name === '/thin')?.fault, 'bandwidth');
});

test('a client that gives up while the proxy holds a response back counts an injected timeout; the next real failure stays real', async () => {
  const doc = await runThroughProxy({
    iterations: 90,
    path: "['/held', '/brief', '/boom?destroy'][i % 3]",
    timeout: '1s',
    faults: `[
      { name: 'held', kind: 'latency', delay: '3s', route: '/held' },
      { name: 'brief', kind: 'slow-first-byte', delay: '20ms', route: '/brief' },
    ]`,
  });
  const held = injectedBy(doc, 'held')!.injected;
  const heldErrors = doc.errors.filter((e) => e.name === '/held');
  assert.deepEqual(
    heldErrors.map(({ kind, fault }) => ({ kind, fault })),
    [{ kind: 'timeout', fault: 'latency' }],
  );
  assert.equal(heldErrors[0]?.count, held, 'every request held past the timeout is an injected timeout');
  // /boom follows /brief on the same connection: /brief's mark came off with /boom's request
  const boom = doc.errors.filter((e) => e.name === '/boom');
  assert.ok(boom.length > 0 && boom.every((e) => e.fault === undefined), JSON.stringify(boom));
  assert.equal(doc.errors.filter((e) => e.name === '/brief').length, 0);
});
