import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../http/testing/index.ts';
import { testFiles } from '../run/testing/test-files.ts';
import { assertUsageError, readResults, salvo } from './testing/salvo-process.ts';

const files = testFiles();
let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
  files.remove();
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const okTest = (extra = '') => `
export default defineTest({
  vus: 2, duration: '1s', http: { baseUrl: '__BASE__' }, ${extra}
  exec: async (vu) => { await vu.http.get('/'); },
});`;

function writeTest(name: string, source: string): string {
  return files.write(name, source.replaceAll('__BASE__', server.url));
}

test('bad input gets one line and exit code 1', async () => {
  assertUsageError(await salvo(['launch']), /unknown command "launch" \(see `salvo help`\)/);
  assertUsageError(await salvo(['rn']), /unknown command "rn" \(did you mean run\?\) \[SALVO_ERR_USAGE\]/);
  assertUsageError(
    await salvo(['run', 'no-such-test.ts']),
    /test file not found: no-such-test\.ts \[SALVO_ERR_TEST_FILE\]/,
  );
  assertUsageError(
    await salvo(['run', '--frobnicate']),
    /unknown option --frobnicate \(see `salvo run --help`\)/,
    /nothing to run: give a test file or --url/,
  );
  assertUsageError(
    await salvo(['run', '--url', server.url, '--vsu', '3']),
    /^salvo: unknown option --vsu \(did you mean --vus\?\) \[SALVO_ERR_USAGE\]$/,
  );
  // Node itself reads --env-file after the script's name; the bin's `--` keeps it Salvo's
  assertUsageError(await salvo(['run', '--env-file', 'missing']), /unknown option --env-file/);
  assertUsageError(await salvo(['run', '--url', 'ftp://x']), /--url must be an http/);
  assertUsageError(
    await salvo(['run', '--url', server.url, '--vus', 'many']),
    /--vus must be a whole number >= 1, got many/,
  );
  assertUsageError(
    await salvo(['run', '--url', server.url, '--vus', '-1']),
    /--vus must be a whole number >= 1, got -1 \[/,
  );
  assertUsageError(await salvo(['run', '--url', server.url, '-u']), /-u, --vus needs a value/);
  assertUsageError(
    await salvo(['run', '--url', server.url, '-q=1', '--quiet=yes']),
    /unknown option -=/,
    /--quiet takes no value/,
  );
  assertUsageError(
    await salvo(['run', '--url', server.url, '-d', '0']),
    /--duration must be longer than 0, got 0 \[/,
  );
  assertUsageError(
    await salvo(['run', '--url', server.url, '-d', '-5']),
    /--duration must be a duration like 30s, 1m30s or 90 \(seconds\), got -5/,
  );
  assertUsageError(
    await salvo(['run', '--url', server.url, '-d', '5 parsecs']),
    /--duration must be a duration .* got 5 parsecs/,
  );
  assertUsageError(
    await salvo(['run', '--url', server.url, '-w', '0']),
    /--workers must be auto or a whole number >= 1, got 0/,
  );
  assertUsageError(
    await salvo(['run', '--url', server.url, '--out', 'xml=a.xml']),
    /unknown output kind "xml"/,
  );
  const syntax = files.write('syntax.ts', 'export default defineTest({ vus: 1,, });');
  assertUsageError(await salvo(['run', syntax]), /syntax\.ts: line \d+: SyntaxError/);
  const thrower = files.write(
    'throws.ts',
    'const x: any = undefined;\nx.boom();\nexport default defineTest({});',
  );
  assertUsageError(await salvo(['run', thrower]), /throws\.ts: line 3: TypeError/);
  assertUsageError(
    await salvo(['run', writeTest('dur.ts', okTest().replace("'1s'", "'1 sec'"))]),
    /invalid duration .*\[SALVO_ERR_DURATION\]/,
  );
  assertUsageError(
    await salvo(['run', writeTest('thr.ts', okTest(`thresholds: { http_req_duration: ['p95<100'] },`))]),
    /p95<100.*\[SALVO_ERR_THRESHOLD\]/,
  );
  const badSetup = `export default defineTest({ vus: 1, duration: '1s', exec: async () => {},
    setup: async () => { throw new RangeError('no seed data'); } });`;
  assertUsageError(
    await salvo(['run', '-w', '1', files.write('bad-setup.ts', badSetup)]),
    /^salvo: setup threw: RangeError: no seed data \(.+\) \[SALVO_ERR_SCRIPT\]$/,
  );
  const port = await closedPort();
  assertUsageError(
    await salvo(['run', '--url', `http://127.0.0.1:${port}/`]),
    /cannot reach .*connection refused.*\[SALVO_ERR_TARGET\]/,
  );
});

test('every problem at once: each flag, and each option of a test file, on its own line', async () => {
  assertUsageError(
    await salvo([
      'run',
      '--url',
      'ftp://x',
      '--vsu',
      '3',
      '-u',
      '0',
      '-d',
      '0',
      '-H',
      'bad',
      '--rate',
      'fast',
    ]),
    /unknown option --vsu/,
    /--vus must be a whole number >= 1, got 0/,
    /--duration must be longer than 0/,
    /--url must be an http/,
    /--header must look like "Name: value", got "bad"/,
    /--rate must be a number > 0, got fast/,
  );
  const bad = `export default defineTest({
    vus: 0, duration: 'soon', exec: async () => {},
    http: { transport: 'fast' },
    thresholds: { http_req_duration: ['p95<100'], http_reqs: ['count<1'] },
  });`;
  assertUsageError(
    await salvo(['run', files.write('three-bad.ts', bad)]),
    /scenarios\.default\.vus: must be a whole number >= 1, got 0 \[SALVO_ERR_TEST_DEFINITION\]/,
    /invalid duration for scenarios\.default\.duration: "soon" .*\[SALVO_ERR_DURATION\]/,
    /threshold "http_req_duration": "p95<100": .*\[SALVO_ERR_THRESHOLD\]/,
    /http\.transport: must be one of auto, lean, undici, got "fast" \[SALVO_ERR_TEST_DEFINITION\]/,
  );
});

test('https:// to a plain-HTTP port fails the preflight with one line', async () => {
  const plain = createHttpServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  const { port } = plain.address() as AddressInfo;
  try {
    const ran = await salvo(['run', '--url', `https://127.0.0.1:${port}/`, '-d', '2', '-w', '1']);
    assertUsageError(
      ran,
      new RegExp(
        `^salvo: 127\\.0\\.0\\.1:${port} does not speak TLS: .*\\(is it http://127\\.0\\.0\\.1:${port}\\?\\) \\[SALVO_ERR_TARGET\\]$`,
      ),
    );
    assert.equal(ran.stdout, '', 'no run, no summary');
  } finally {
    plain.close();
  }
});

/** Runs a test file quietly on one runner with a JSON output; returns the run and its document. */
async function runToResults(name: string, source: string, extra: string[] = []) {
  const out = join(files.dir, `${name}.json`);
  const ran = await salvo(['run', '-w', '1', '-o', `json=${out}`, ...extra, writeTest(`${name}.ts`, source)]);
  return { ran, doc: readResults(out) };
}

test('exit codes: 0 passed, 99 thresholds crossed, 99 aborted by abortOnFail', async () => {
  const passed = await runToResults('pass', okTest(`thresholds: { http_reqs: ['count>0'] },`), ['-q']);
  assert.equal(passed.ran.code, 0, passed.ran.stderr);
  assert.equal(passed.doc.meta.outcome, 'passed');
  const crossed = await runToResults('fail', okTest(`thresholds: { http_req_duration: ['p(99)<0.001'] },`), [
    '-q',
  ]);
  assert.equal(crossed.ran.code, 99, crossed.ran.stderr);
  assert.equal(crossed.doc.meta.outcome, 'thresholds_crossed');
  const abortOnFail = `thresholds: { http_reqs: [{ threshold: 'count<1', abortOnFail: true }] },`;
  const aborted = await runToResults('abort', okTest(abortOnFail).replace("'1s'", "'20s'"));
  assert.equal(aborted.ran.code, 99, aborted.ran.stderr);
  assert.equal(aborted.doc.meta.outcome, 'aborted');
  assert.equal(aborted.doc.meta.exitCode, 99);
  assert.match(aborted.doc.meta.reason, /threshold http_reqs: count<1 crossed \(abortOnFail\)/);
  assert.ok(aborted.doc.meta.durationMs < 10_000, `aborted early, ran ${aborted.doc.meta.durationMs} ms`);
  assert.match(
    aborted.ran.stdout,
    /✗ aborted \(threshold http_reqs: count<1 crossed \(abortOnFail\)\) · exit code 99/,
  );
});

test('a threshold no request reached is "no data": it fails the run unless allowNoData', async () => {
  const noData = await runToResults(
    'no-data',
    okTest(`thresholds: { 'http_req_duration{name:/status500}': ['p(95)<200'], http_reqs: ['count>0'] },`),
  );
  assert.equal(noData.ran.code, 99, noData.ran.stderr);
  assert.equal(noData.doc.meta.outcome, 'thresholds_crossed');
  assert.match(
    noData.doc.meta.reason,
    /threshold http_req_duration\{name:\/status500\} p\(95\)<200 saw no data/,
  );
  assert.deepEqual(noData.doc.metrics['http_req_duration{name:/status500}'].thresholds, {
    'p(95)<200': { ok: false, noData: true },
  });
  assert.match(
    noData.ran.stdout,
    /∅ http_req_duration\{name:\/status500\} +p\(95\)<200 +no data: no sample matched/,
  );
  assert.doesNotMatch(noData.ran.stdout, /p\(95\)=0/);
  const allowed = await runToResults(
    'no-data-allowed',
    okTest(
      `thresholds: { 'http_req_duration{name:/status500}': [{ threshold: 'p(95)<200', allowNoData: true }] },`,
    ),
  );
  assert.equal(allowed.ran.code, 0, allowed.ran.stderr);
  assert.deepEqual(allowed.doc.metrics['http_req_duration{name:/status500}'].thresholds, {
    'p(95)<200': { ok: true, noData: true },
  });
});

test('a run in which nothing succeeded exits 99 and says so; a script-only test passes', async () => {
  const out = join(files.dir, 'all-failed.json');
  const failed = await salvo([
    'run',
    '--url',
    `${server.url}/status/500`,
    '-i',
    '20',
    '-u',
    '2',
    '-w',
    '1',
    '-o',
    `json=${out}`,
  ]);
  assert.equal(failed.code, 99, failed.stderr);
  const doc = readResults(out);
  assert.equal(doc.meta.outcome, 'nothing_succeeded');
  assert.match(doc.meta.reason, /^no request succeeded: all 20 failed/);
  assert.match(failed.stdout, /✗ no request succeeded: all 20 failed .*· exit code 99\n*$/);

  // ramps to 0 VUs: no iteration, no request
  const idle = `export default defineTest({ stages: [{ duration: '200ms', target: 0 }], exec: async () => {} });`;
  const nothing = await runToResults('nothing', idle);
  assert.equal(nothing.ran.code, 99, nothing.ran.stderr);
  assert.equal(nothing.doc.meta.outcome, 'nothing_succeeded');
  assert.match(nothing.ran.stdout, /✗ the run did nothing: 0 iterations, 0 requests · exit code 99/);

  const scriptOnly = `export default defineTest({ vus: 1, iterations: 5, exec: async () => { JSON.parse('{}'); } });`;
  const logic = await runToResults('script-only', scriptOnly, ['-q']);
  assert.equal(logic.ran.code, 0, logic.ran.stderr);
  assert.equal(logic.doc.meta.outcome, 'passed');
});

test('a bare number after -d is seconds', async () => {
  const out = join(files.dir, 'bare.json');
  const ran = await salvo([
    'run',
    '--url',
    `${server.url}/`,
    '-d',
    '1',
    '-u',
    '1',
    '-w',
    '1',
    '-q',
    '-o',
    `json=${out}`,
  ]);
  assert.equal(ran.code, 0, ran.stderr);
  const doc = readResults(out);
  assert.equal(doc.options.scenarios.default.durationMs, 1000);
  assert.ok(doc.meta.durationMs >= 900, `ran ${doc.meta.durationMs} ms`);
  assert.ok(doc.metrics.http_reqs.values.count > 1);
});

test("a runner that dies mid-run: exit 2, one SALVO_ERR_RUNNER line, the others' results kept", async () => {
  const dies = `export default defineTest({
    vus: 2, duration: '2s', http: { baseUrl: '__BASE__' },
    exec: async (vu) => { await vu.http.get('/'); if (vu.iteration === 3 && vu.id === 1) process.exit(3); },
  });`;
  const out = join(files.dir, 'dies.json');
  const ran = await salvo(['run', '-w', '2', '-q', '-o', `json=${out}`, writeTest('dies.ts', dies)]);
  assert.equal(ran.code, 2, ran.stderr);
  assert.match(ran.stderr, /^salvo: runner t\d exited early \(code 3\) \[SALVO_ERR_RUNNER\]$/m);
  const doc = readResults(out);
  assert.equal(doc.meta.outcome, 'runner_failed');
  assert.ok(doc.metrics.http_reqs.values.count > 0);
});

test('a signal before the load starts exits 130 at once', async () => {
  const slowSetup = `export default defineTest({
    vus: 1, duration: '1s', exec: async () => {},
    setup: async () => { console.log('in setup'); await new Promise((r) => setTimeout(r, 30_000)); },
  });`;
  const started = Date.now();
  const ran = await salvo(['run', '-w', '1', files.write('slow-setup.ts', slowSetup)], {
    interruptWhen: ({ stdout }) => stdout.includes('in setup'),
  });
  assert.equal(ran.code, 130, ran.stderr);
  assert.ok(Date.now() - started < 20_000, 'did not wait for setup');
});

test('Ctrl-C stops the run and still writes what it measured', async () => {
  const out = join(files.dir, 'interrupted.json');
  const csv = join(files.dir, 'interrupted.csv');
  let served = 0;
  const target = createHttpServer((_req, res) => {
    served++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  const source = okTest().replace("'1s'", "'60s'").replace('__BASE__', base);
  const ran = await salvo(
    ['run', '-w', '2', '-o', `json=${out}`, '-o', `csv=${csv}`, files.write('long.ts', source)],
    {
      interruptWhen: () => served >= 200,
    },
  );
  target.closeAllConnections();
  target.close();
  assert.equal(ran.code, 2, ran.stderr);
  assert.match(ran.stderr, /stopping/);
  assert.doesNotMatch(ran.stderr, /\n\s+at /);
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(doc.meta.outcome, 'interrupted');
  assert.ok(doc.metrics.http_reqs.values.count > 0);
  assert.equal(doc.meta.runners.length, 2);
  assert.match(readFileSync(csv, 'utf8'), /^time,/);
  assert.match(ran.stdout, /interrupted/);
});

test('a quick run without a file', async () => {
  const out = join(files.dir, 'quick.json');
  const ran = await salvo([
    'run',
    '--url',
    `${server.url}/`,
    '-i',
    '50',
    '-u',
    '5',
    '-w',
    '1',
    '-q',
    '-o',
    `json=${out}`,
  ]);
  assert.equal(ran.code, 0, ran.stderr);
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(doc.metrics.http_reqs.values.count, 50);
  assert.equal(doc.meta.test, `${server.url}/`);
});
