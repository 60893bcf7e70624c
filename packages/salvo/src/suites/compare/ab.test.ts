import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { salvo } from '../../cli/testing/salvo-process.ts';
import type { ResultsDocument } from '../../results/index.ts';
import { testFiles } from '../../run/testing/test-files.ts';
import { type DelayServer, startDelayServer } from '../testing/delay-server.ts';
import { schemaErrors } from '../testing/results-schema.ts';
import type { CompareReport } from './index.ts';

/**
 * A/B against a fast (10 ms) and a slow (20 ms) copy of one service at 90/10: the shares,
 * counted at the servers, are within 1 % of the split; every sample is tagged with its
 * target; the slow one is flagged by compare's statistics, in the run's own output and by
 * `salvo compare` on its results.
 */

const files = testFiles();
let fast: DelayServer;
let slow: DelayServer;
before(async () => {
  fast = await startDelayServer(10);
  slow = await startDelayServer(20);
});
after(async () => {
  await Promise.all([fast.close(), slow.close()]);
  files.remove();
});

/** B's share of what the two servers answered since `before`. */
function shareOfB(before: { fast: number; slow: number }): { share: number; total: number } {
  const a = fast.requests() - before.fast;
  const b = slow.requests() - before.slow;
  return { share: b / (a + b), total: a + b };
}

const counts = () => ({ fast: fast.requests(), slow: slow.requests() });

test('--ab at 10 % on two runner threads: shares within 1 %, per-target rows, the slow one flagged', async () => {
  const json = join(files.dir, 'ab.json');
  const seen = counts();
  const ran = await salvo([
    'run',
    '--url',
    `${fast.url}/item`,
    '--ab',
    `${slow.url}:0.1`,
    '-u',
    '10',
    '-d',
    '8s',
    '-w',
    '2',
    '--no-color',
    '--out',
    `json=${json}`,
  ]);
  assert.equal(ran.code, 0, ran.stderr);
  const { share, total } = shareOfB(seen);
  assert.ok(total > 1000, `${total} requests`);
  assert.ok(Math.abs(share - 0.1) < 0.01, `B answered ${(share * 100).toFixed(2)} %`);

  const doc: ResultsDocument = JSON.parse(readFileSync(json, 'utf8'));
  assert.equal(schemaErrors(doc), '');
  const countOf = (target: string) => {
    const values = doc.metrics[`http_reqs{name:/item,target:${target}}`]!.values;
    return 'count' in values ? values.count : Number.NaN;
  };
  // every request is tagged with its target: the two add up to all of them
  const all = doc.metrics.http_reqs!.values;
  assert.equal(countOf('A') + countOf('B'), 'count' in all ? all.count : Number.NaN);
  assert.ok(doc.histograms['http_req_duration{name:/item,target:B}']);
  assert.deepEqual(Object.keys(doc.series.byTarget!).sort(), ['A', 'B']);
  assert.equal(doc.series.byTarget!.B!['/item']!.requests.length, doc.series.t.length);

  assert.match(
    ran.stdout,
    /A\/B {2}A http:\/\/127\.0\.0\.1:\d+\/ · B http:\/\/127\.0\.0\.1:\d+\/ at 10\.00% of the iterations/,
  );
  assert.match(ran.stdout, /\/item +A +\d+ +9\d\.\d\d%/);
  assert.match(ran.stdout, /baseline this run \[A\] {2}→ {2}candidate this run \[B\]/);
  assert.match(ran.stdout, /p50 .* regressed/);
  assert.doesNotMatch(ran.stdout, /req\/s .* regressed/, 'a target’s req/s is its share’s: not judged');

  const report = join(files.dir, 'ab-compare.json');
  const compared = await salvo(['compare', json, '--out', `json=${report}`]);
  assert.equal(compared.code, 99, compared.stdout);
  const { comparisons }: CompareReport = JSON.parse(readFileSync(report, 'utf8'));
  const p50 = comparisons[0]!.names
    .find((name) => name.name === '/item')!
    .figures.find((f) => f.figure === 'p50')!;
  assert.equal(p50.verdict, 'regressed');
  assert.ok(p50.change > 0.2, JSON.stringify(p50));
});

test('targets: in the test file, relative URLs and groups go to the iteration’s target', async () => {
  const path = files.write(
    'ab-test.ts',
    `export default defineTest({
      vus: 4,
      duration: '4s',
      http: { baseUrl: '${fast.url}' },
      targets: { B: '${slow.url}', share: 0.25 },
      thresholds: { 'http_req_duration{target:B}': ['p(95)<10000'] },
      exec: async (vu) => {
        await vu.http.get('/home');
        await vu.group('reading', () => vu.http.get('/post/1'));
      },
    });`,
  );
  const json = join(files.dir, 'ab-file.json');
  const seen = counts();
  const ran = await salvo(['run', path, '-w', '1', '-q', '--out', `json=${json}`]);
  assert.equal(ran.code, 0, ran.stderr);
  const { share } = shareOfB(seen);
  assert.ok(Math.abs(share - 0.25) < 0.01, `B answered ${(share * 100).toFixed(2)} %`);
  const doc: ResultsDocument = JSON.parse(readFileSync(json, 'utf8'));
  assert.deepEqual(Object.keys(doc.series.byTarget!.B!).sort(), ['/home', '/post/:id']);
  assert.ok(doc.metrics['http_reqs{name:/post/:id,target:B}']);
  assert.deepEqual(doc.options.targets, { a: `${fast.url}/`, b: `${slow.url}/`, share: 0.25 });
  // a threshold selects a target by its tag
  const thresholds = doc.metrics['http_req_duration{target:B}']!.thresholds!;
  assert.equal(thresholds['p(95)<10000']!.ok, true);
  assert.ok(thresholds['p(95)<10000']!.actual! >= 20, JSON.stringify(thresholds));
});

test('--ab: an unreachable B or a bad share is one line with its code, before any load', async () => {
  const unreachable = await salvo([
    'run',
    '--url',
    `${fast.url}/`,
    '--ab',
    'http://127.0.0.1:9:0.1',
    '-n',
    '5',
  ]);
  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr, /^salvo: cannot reach http:\/\/127\.0\.0\.1:9: .*\[SALVO_ERR_TARGET\]\n$/);
  const share = await salvo(['run', '--url', `${fast.url}/`, '--ab', `${slow.url}:1.5`, '-n', '5']);
  assert.equal(share.code, 1);
  assert.match(share.stderr, /B's share must be above 0 and below 1 .*\[SALVO_ERR_USAGE\]/);
});
