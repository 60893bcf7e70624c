import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../http/testing/index.ts';
import { testFiles } from '../run/testing/test-files.ts';
import { assertUsageError, readResults, salvo } from './testing/salvo-process.ts';

// The outputs users bring from k6 (--summary-trend-stats, onSummary), wrk (--latency) and
// Locust (the per-name stats and failures CSVs, --csv PREFIX), each run as a user would.

const files = testFiles();
let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
  files.remove();
});

let runs = 0;
/** `salvo run ARGS -o json=...`; the run and its results document. */
async function run(args: string[]) {
  const out = join(files.dir, `run-${++runs}.json`);
  const ran = await salvo(['run', ...args, '-o', `json=${out}`]);
  assert.equal(ran.code, 0, `exit ${ran.code}: ${ran.stderr}`);
  return { ran, doc: readResults(out) };
}

/** 6 iterations on one VU: a GET that passes, a POST to /echo, a GET that answers 500. */
function mixedTest(extra = ''): string {
  return files.write(
    `mixed-${++runs}.ts`,
    `export default defineTest({
      iterations: 6,
      http: { baseUrl: '${server.url}' },
      exec: async (vu) => {
        await vu.http.get('/status/200', { name: 'home' });
        await vu.http.post('/echo', 'hi', { name: 'echo' });
        await vu.http.get('/status/500', { name: 'broken' });
      },
      ${extra}
    });`,
  );
}

test('--summary-trend-stats: the trend columns in the order given; the JSON adds the percentiles', async () => {
  const { ran, doc } = await run([
    '--url',
    `${server.url}/status/200`,
    '-n',
    '20',
    '-c',
    '2',
    '-w',
    '1',
    '--summary-trend-stats',
    'p(99.99),count,med',
  ]);
  assert.match(ran.stdout, /TRENDS +p\(99\.99\) +count +med\n/);
  assert.match(ran.stdout, /http_req_duration +\S+ +20 +\S+\n/);
  assert.deepEqual(doc.options.summaryTrendStats, ['p(99.99)', 'count', 'med']);
  const values = doc.metrics.http_req_duration.values;
  assert.equal(typeof values['p(99.99)'], 'number');
  assert.ok(values['p(99.99)'] >= values['p(99)'] && values['p(99.99)'] <= values.max);
  assert.equal(typeof values['p(95)'], 'number', 'the document keeps its own figures');
  const perName = Object.keys(doc.metrics).find((key) => key.startsWith('http_req_duration{name:'));
  assert.ok(perName, 'a per-name key');
  assert.equal(typeof doc.metrics[perName].values['p(99.99)'], 'number', `${perName} has it too`);
});

test('--summary-trend-stats: a bad stat is a usage line, collected with the other problems', async () => {
  assertUsageError(
    await salvo(['run', '--url', server.url, '--summary-trend-stats', 'avg,p95', '--vus', '0']),
    /--vus must be a whole number >= 1/,
    /--summary-trend-stats: unknown stat "p95" \(known: avg, min, med, max, count, or p\(N\)/,
  );
  const path = mixedTest(`summaryTrendStats: ['avg', 'p(200)'],`);
  const ran = await salvo(['run', path]);
  assert.equal(ran.code, 1);
  assert.match(ran.stderr, /summaryTrendStats\[1\]: unknown stat "p\(200\)" .*\[SALVO_ERR_TEST_DEFINITION\]/);
});

test("the test's summaryTrendStats shows, and --summary-trend-stats replaces it", async () => {
  const path = mixedTest(`summaryTrendStats: ['min', 'max'],`);
  const own = await run([path, '-w', '1']);
  assert.match(own.ran.stdout, /TRENDS +min +max\n/);
  const flag = await run([path, '-w', '1', '--summary-trend-stats', 'p(97.5)']);
  assert.match(flag.ran.stdout, /TRENDS +p\(97\.5\)\n/);
  assert.equal(typeof flag.doc.metrics.http_req_duration.values['p(97.5)'], 'number');
});

test('--latency: after the summary, the percentiles and bars of the whole run, exact', async () => {
  const { ran, doc } = await run([
    '--url',
    `${server.url}/status/200`,
    '-n',
    '30',
    '-c',
    '2',
    '-w',
    '2',
    '--latency',
  ]);
  const at = ran.stdout.indexOf('LATENCY DISTRIBUTION  http_req_duration, 30 values');
  assert.ok(at > ran.stdout.indexOf('exit code 0'), 'after the summary');
  const latency = ran.stdout.slice(at);
  for (const p of ['50%', '75%', '90%', '99%', '99.9%', '99.99%', '99.999%', '100%']) {
    assert.match(latency, new RegExp(`\\n +${p.replace('.', '\\.')} +\\S+`));
  }
  const bars = latency
    .split('\n')
    .filter((line) => line.trim().startsWith('≤'))
    .map((line) => Number(line.trim().split(/\s+/).at(-1)));
  assert.ok(bars.length >= 1);
  assert.equal(
    bars.reduce((sum, n) => sum + n, 0),
    doc.metrics.http_req_duration.values.count,
  );
  // --no-summary leaves the summary out, not what was asked for by name
  const bare = await run([
    '--url',
    `${server.url}/status/200`,
    '-n',
    '3',
    '-w',
    '1',
    '--latency',
    '--no-summary',
  ]);
  assert.match(bare.ran.stdout, /^\n? {2}LATENCY DISTRIBUTION {2}http_req_duration, 3 values/);
});

test("--csv PREFIX: Locust's stats, failures and history files; --out csv-stats= and csv-failures= too", async () => {
  const prefix = join(files.dir, 'locust', 'run');
  const stats = join(files.dir, 'stats.csv');
  const failures = join(files.dir, 'failures.csv');
  const { doc } = await run([
    mixedTest(),
    '-w',
    '1',
    '-q',
    '--csv',
    prefix,
    '-o',
    `csv-stats=${stats}`,
    '-o',
    `csv-failures=${failures}`,
  ]);
  const statsText = readFileSync(`${prefix}_stats.csv`, 'utf8');
  assert.equal(statsText, readFileSync(stats, 'utf8'));
  const [header, ...rows] = statsText
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  assert.deepEqual(header!.slice(0, 11), [
    'Type',
    'Name',
    'Request Count',
    'Failure Count',
    'Median Response Time',
    'Average Response Time',
    'Min Response Time',
    'Max Response Time',
    'Average Content Size',
    'Requests/s',
    'Failures/s',
  ]);
  assert.deepEqual(header!.slice(11), [
    '50%',
    '66%',
    '75%',
    '80%',
    '90%',
    '95%',
    '98%',
    '99%',
    '99.9%',
    '99.99%',
    '100%',
  ]);
  assert.deepEqual(
    rows.map((row) => row.slice(0, 4)),
    [
      ['GET', 'broken', '6', '6'],
      ['POST', 'echo', '6', '0'],
      ['GET', 'home', '6', '0'],
      ['', 'Aggregated', '18', '6'],
    ],
  );
  const aggregated = rows.at(-1)!;
  assert.equal(Number(aggregated[7]), doc.metrics.http_req_duration.values.max, 'Max is the run’s max');
  assert.equal(Number(aggregated[4]), doc.metrics.http_req_duration.values.med, 'Median is the run’s med');
  assert.equal(Number(aggregated[21]), doc.metrics.http_req_duration.values.max, '100% is the max');
  assert.ok(Number(rows[1]![8]) > 100, 'echo answers a JSON body: content size counted');

  const failuresText = readFileSync(`${prefix}_failures.csv`, 'utf8');
  assert.equal(failuresText, readFileSync(failures, 'utf8'));
  const failureRows = failuresText.trim().split('\n');
  assert.equal(failureRows[0], 'Method,Name,Error,Occurrences');
  assert.equal(failureRows.length, 2, failuresText);
  assert.match(failureRows[1]!, /^GET,broken,http_5xx: .*500.*,6$/);

  const history = readFileSync(`${prefix}_history.csv`, 'utf8');
  assert.match(history, /^time,elapsed_s,name,requests,failures,/);
  assert.match(history, /,broken,2,2,|,broken,\d+,\d+,/);
});

test('--csv needs a prefix; --out csv-stats needs a file', async () => {
  assertUsageError(await salvo(['run', '--url', server.url, '--csv', '']), /--csv needs a file name prefix/);
  assertUsageError(
    await salvo(['run', '--url', server.url, '-o', 'csv-stats=']),
    /--out "csv-stats=": missing file name/,
  );
});
