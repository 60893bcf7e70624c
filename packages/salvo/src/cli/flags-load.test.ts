import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { testFiles } from '../run/testing/test-files.ts';
import { type RecordingServer, startRecordingServer } from './testing/recording-server.ts';
import { assertUsageError, readResults, salvo } from './testing/salvo-process.ts';

// The habits of k6 (-e, --tag, --stage, --no-thresholds, --no-summary), Locust (--users,
// --spawn-rate) and autocannon/hey (-c, -n, -R), each run as a user would run it.

const files = testFiles();
let server: RecordingServer;
before(async () => {
  server = await startRecordingServer();
});
after(async () => {
  await server.close();
  files.remove();
});

let runs = 0;
/** `salvo run ARGS -o json=...`; the run and its results document. */
async function run(args: string[], env?: Record<string, string>) {
  const out = join(files.dir, `run-${++runs}.json`);
  const ran = await salvo(['run', ...args, '-o', `json=${out}`], env ? { env } : {});
  assert.ok(ran.code === 0 || ran.code === 99, `exit ${ran.code}: ${ran.stderr}`);
  return { ran, doc: readResults(out) };
}

function writeTest(name: string, source: string): string {
  return files.write(name, source.replaceAll('__BASE__', server.url));
}

test('-c connections and -n requests: exactly n requests over c connections', async () => {
  const before = server.requests.length;
  const { doc } = await run(['--url', `${server.url}/n`, '-c', '3', '-n', '37', '-w', '1', '-q']);
  assert.equal(doc.metrics.http_reqs.values.count, 37);
  assert.equal(server.requests.length - before, 37);
  assert.equal(doc.options.scenarios.default.vus, 3);
  assert.equal(doc.metrics.vus_max.values.value, 3);
});

test('-n is exact across two worker threads', async () => {
  const { doc } = await run(['--url', `${server.url}/n2`, '-c', '4', '-n', '41', '-w', '2', '-q']);
  assert.equal(doc.meta.runners.length, 2);
  assert.equal(doc.metrics.http_reqs.values.count, 41);
});

test('-R is the rate in requests per second (open model)', async () => {
  const { doc } = await run(['--url', `${server.url}/r`, '-R', '20', '-d', '2', '-c', '2', '-w', '1', '-q']);
  const scenario = doc.options.scenarios.default;
  assert.equal(scenario.type, 'constant-arrival-rate');
  assert.equal(scenario.rate, 20);
  assert.equal(scenario.preAllocatedVUs, 2);
  const count = doc.metrics.http_reqs.values.count;
  assert.ok(Math.abs(count - 40) <= 1, `20/s for 2 s made ${count} requests`);
  assert.equal(doc.metrics.dropped_iterations.values.count, 0);
});

test('--stage ramps a quick run: the VUs follow the stages', async () => {
  const { doc } = await run([
    '--url',
    `${server.url}/stage`,
    '--stage',
    '0.5s:3',
    '--stage',
    '1.5:3',
    '-w',
    '1',
    '-q',
  ]);
  const scenario = doc.options.scenarios.default;
  assert.equal(scenario.type, 'ramping-vus');
  assert.deepEqual(scenario.stages, [
    { durationMs: 500, target: 3 },
    { durationMs: 1500, target: 3 },
  ]);
  assert.equal(doc.metrics.vus.values.max, 3);
  // at the end of the first second the ramp is done and the hold has 3 VUs
  assert.equal(doc.series.vus[0], 3);
  assert.ok(doc.meta.durationMs >= 1900 && doc.meta.durationMs < 10_000, `ran ${doc.meta.durationMs} ms`);
});

test("--stage replaces a test file's shorthand, as k6's does", async () => {
  const path = writeTest(
    'stages.ts',
    `export default defineTest({ vus: 5, duration: '20s', http: { baseUrl: '__BASE__' },
      exec: async (vu) => { await vu.http.get('/file-stage'); } });`,
  );
  const { ran, doc } = await run([path, '--stage', '1s:2', '-w', '1', '-q']);
  assert.equal(ran.code, 0, ran.stderr);
  assert.deepEqual(doc.options.scenarios.default.stages, [{ durationMs: 1000, target: 2 }]);
  assert.equal(doc.metrics.vus.values.max, 2);
  assert.ok(doc.meta.durationMs < 10_000, `the test's 20 s were replaced, ran ${doc.meta.durationMs} ms`);
});

test('--users and --spawn-rate: Locust ramp, then hold until the run time', async () => {
  const quick = await run([
    '--url',
    `${server.url}/users`,
    '--users',
    '4',
    '--spawn-rate',
    '8',
    '-d',
    '1.5',
    '-w',
    '1',
    '-q',
  ]);
  assert.deepEqual(quick.doc.options.scenarios.default.stages, [
    { durationMs: 500, target: 4 },
    { durationMs: 1000, target: 4 },
  ]);
  assert.equal(quick.doc.metrics.vus.values.max, 4);
  assert.equal(quick.doc.series.vus[0], 4);

  // a test file's own duration is the run time when -d is not given
  const path = writeTest(
    'users.ts',
    `export default defineTest({ vus: 9, duration: '1500ms', http: { baseUrl: '__BASE__' },
      exec: async (vu) => { await vu.http.get('/file-users'); } });`,
  );
  const file = await run([path, '--users', '2', '--spawn-rate', '4', '-w', '1', '-q']);
  assert.deepEqual(file.doc.options.scenarios.default.stages, [
    { durationMs: 500, target: 2 },
    { durationMs: 1000, target: 2 },
  ]);
  assert.equal(file.doc.metrics.vus.values.max, 2);
});

test('-e reaches the test file in every worker thread, and wins over the environment', async () => {
  const path = writeTest(
    'env.ts',
    `const path = process.env.SALVO_FLAG_PATH;
    if (path === undefined) throw new Error('SALVO_FLAG_PATH is not set');
    export default defineTest({
      vus: 2, iterations: 20, http: { baseUrl: '__BASE__' },
      tags: { greeting: process.env.SALVO_FLAG_GREETING ?? 'unset' },
      thresholds: { 'http_reqs{greeting:from-flag}': ['count>0'] },
      exec: async (vu) => { await vu.http.get('/' + path); },
    });`,
  );
  const { ran, doc } = await run(
    [path, '-e', 'SALVO_FLAG_PATH=from-env', '--env', 'SALVO_FLAG_GREETING=from-flag', '-w', '2', '-q'],
    { SALVO_FLAG_GREETING: 'from-shell' },
  );
  assert.equal(ran.code, 0, ran.stderr);
  assert.equal(doc.meta.runners.length, 2);
  // each thread imported the test with the values: its requests and its tags say so
  assert.equal(doc.metrics['http_reqs{name:/from-env}'].values.count, 20);
  assert.equal(doc.options.tags.greeting, 'from-flag');
  assert.equal(doc.metrics['http_reqs{greeting:from-flag}'].values.count, 20);
});

test('--tag puts a tag on every sample, beside and over the test file tags', async () => {
  const path = writeTest(
    'tags.ts',
    `export default defineTest({
      vus: 2, iterations: 12, http: { baseUrl: '__BASE__' }, tags: { team: 'a', env: 'file' },
      thresholds: {
        'http_reqs{env:ci,team:a,build:7}': ['count>0'],
        'iterations{env:ci}': ['count>0'],
        'checks{env:ci}': ['rate==1'],
        'data_sent{build:7}': ['count>0'],
        'vus_max{env:ci}': ['value>0'],
        'http_reqs{env:file}': [{ threshold: 'count==0', allowNoData: true }],
      },
      exec: async (vu) => { vu.check(await vu.http.get('/tagged'), { ok: (r) => r.ok }); },
    });`,
  );
  const { ran, doc } = await run([path, '--tag', 'env=ci', '--tag', 'build=7', '-w', '1', '-q']);
  assert.equal(ran.code, 0, ran.stderr);
  assert.deepEqual(doc.options.tags, { team: 'a', env: 'ci', build: '7' });
  const values = (key: string) => doc.metrics[key].values;
  assert.equal(values('http_reqs{env:ci,team:a,build:7}').count, 12);
  assert.equal(values('iterations{env:ci}').count, values('iterations').count);
  assert.equal(values('checks{env:ci}').passes, 12);
  assert.equal(values('data_sent{build:7}').count, values('data_sent').count);
  assert.equal(values('vus_max{env:ci}').value, 2);
  assert.equal(values('http_reqs{env:file}').count, 0, "the flag's value replaced the file's");
});

test('--no-thresholds: thresholds neither fail nor abort the run', async () => {
  const path = writeTest(
    'thresholds.ts',
    `export default defineTest({
      vus: 1, duration: '1500ms', http: { baseUrl: '__BASE__' },
      thresholds: {
        http_req_duration: ['p(99)<0.001'],
        http_reqs: [{ threshold: 'count<1', abortOnFail: true }],
      },
      exec: async (vu) => { await vu.http.get('/thresholds'); },
    });`,
  );
  const checked = await run([path, '-w', '1', '-q']);
  assert.equal(checked.ran.code, 99, 'without the flag the thresholds fail the run');
  const skipped = await run([path, '-w', '1', '--no-thresholds']);
  assert.equal(skipped.ran.code, 0, skipped.ran.stderr);
  assert.equal(skipped.doc.meta.outcome, 'passed');
  assert.ok(skipped.doc.meta.durationMs >= 1400, `not aborted: ran ${skipped.doc.meta.durationMs} ms`);
  assert.deepEqual(skipped.doc.options.thresholds, {});
  assert.equal(skipped.doc.metrics.http_req_duration.thresholds, undefined);
  assert.doesNotMatch(skipped.ran.stdout, /p\(99\)<0\.001|count<1/);
  // still read: a typo is an error with the flag too
  const typo = writeTest(
    'typo.ts',
    `export default defineTest({ vus: 1, duration: '1s', exec: () => {},
    thresholds: { http_req_duration: ['p95<1'] } });`,
  );
  assertUsageError(await salvo(['run', typo, '--no-thresholds']), /p95<1.*\[SALVO_ERR_THRESHOLD\]/);
});

test('--no-summary: no summary on stdout; the results are still written', async () => {
  const url = `${server.url}/summary`;
  const shown = await run(['--url', url, '-n', '5', '-c', '1', '-w', '1']);
  assert.match(shown.ran.stdout, /http_req_duration/);
  const hidden = await run(['--url', url, '-n', '5', '-c', '1', '-w', '1', '--no-summary']);
  assert.equal(hidden.ran.code, 0, hidden.ran.stderr);
  assert.equal(hidden.ran.stdout, '');
  assert.equal(hidden.doc.metrics.http_reqs.values.count, 5);
});

test('bad flags: one line each, all at once', async () => {
  const missing = join(files.dir, 'no-such-body');
  assertUsageError(
    await salvo([
      'run',
      '--url',
      server.url,
      '--stage',
      'soon:5',
      '--stage',
      '10s',
      '-e',
      'NO_EQUALS',
      '--tag',
      'scenario=mine',
      '--users',
      '3',
      '-p',
      '3',
      '-n',
      '10',
      '--http-debug=verbose',
      '-b',
      'x',
      '--body-file',
      missing,
    ]),
    /--stage and --iterations do not go together/,
    /--stage and --users do not go together/,
    /--users and --iterations do not go together/,
    /--body and --body-file do not go together/,
    /--stage must look like DURATION:VUS, e\.g\. 30s:50 .*got "soon:5"/,
    /--stage must look like DURATION:VUS.*got "10s"/,
    /--tag "scenario=mine": "scenario" is a tag Salvo sets itself/,
    /--env must look like KEY=VALUE, got "NO_EQUALS"/,
    /--http-debug takes no value or =full, got "--http-debug=verbose"/,
    /--env goes with a test file only/,
    /--body-file .*no-such-body cannot be read \(ENOENT\)/,
    /--iterations 10 is not a multiple of --pipelining 3/,
  );
  assertUsageError(
    await salvo(['run', '--url', server.url, '--spawn-rate', '2', '--http2', '--transport', 'lean']),
    /--http2 and --transport lean do not go together \(the lean transport is HTTP\/1.1\)/,
    /--spawn-rate goes with --users/,
  );
  const scenarios = writeTest(
    'scenarios.ts',
    `export default defineTest({ scenarios: { a: { executor: 'constant-vus', vus: 1, duration: '1s', exec: () => {} } } });`,
  );
  assertUsageError(
    await salvo(['run', scenarios, '--stage', '1s:1']),
    /--stage and --users cannot override a test that defines scenarios \[SALVO_ERR_USAGE\]/,
  );
  const noDuration = writeTest(
    'no-duration.ts',
    `export default defineTest({ iterations: 5, exec: () => {} });`,
  );
  assertUsageError(
    await salvo(['run', noDuration, '--users', '3']),
    /--users needs --duration: how long the whole run lasts/,
  );
});
