import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { salvo } from '../../cli/testing/salvo-process.ts';
import type { ResultsDocument } from '../../results/index.ts';
import { syntheticDocument } from '../../web/page/testing/synthetic-document.ts';
import { type DelayServer, startDelayServer } from '../testing/delay-server.ts';
import { schemaErrors } from '../testing/results-schema.ts';
import type { CompareReport } from './index.ts';

/**
 * Real runs against real servers: the same 100 ms service twice does not differ; a copy of
 * it 30 % slower (130 ms) is flagged, and `salvo compare` exits 99 on it. The three runs
 * go at the same moments, so whatever else the shared machine does lands on all of them
 * alike (run one after another, a busy minute under the baseline alone once hid the
 * slowdown); 100 ms, so the milliseconds its scheduling adds are a small part of a figure.
 */

const dir = mkdtempSync(join(tmpdir(), 'salvo-compare-'));
let fast: DelayServer;
let slow: DelayServer;
before(async () => {
  fast = await startDelayServer(100);
  slow = await startDelayServer(130);
});
after(async () => {
  await Promise.all([fast.close(), slow.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function run(url: string, file: string): Promise<string> {
  const path = join(dir, file);
  const ran = await salvo([
    'run',
    '--url',
    `${url}/item`,
    '-u',
    '4',
    '-d',
    '8s',
    '-w',
    '1',
    '-q',
    '--out',
    `json=${path}`,
  ]);
  assert.equal(ran.code, 0, ran.stderr);
  return path;
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

test('the same server twice: no regression, exit 0; 30 % slower: regressed, exit 99', async () => {
  const [base, again, slower] = await Promise.all([
    run(fast.url, 'base.json'),
    run(fast.url, 'again.json'),
    run(slow.url, 'slower.json'),
  ]);

  // p50 and errors: what a 100 ms timer sets. The tails (p95, p99) and req/s also carry
  // how each process was scheduled, so the gate here is on the figures the service
  // decides (--figures).
  const same = await salvo([
    'compare',
    base,
    again,
    '--figures',
    'p50,errors',
    '--out',
    `json=${join(dir, 'same.json')}`,
  ]);
  assert.equal(same.code, 0, same.stdout + same.stderr);
  assert.match(same.stdout, /no regression beyond the tolerance/);
  const sameReport: CompareReport = read(join(dir, 'same.json'));
  const sameItem = sameReport.comparisons[0]!.names.find((entry) => entry.name === '/item')!;
  assert.deepEqual(
    sameItem.figures.map((figure) => `${figure.figure} ${figure.verdict}`),
    ['p50 unchanged', 'error_rate unchanged'],
    same.stdout,
  );

  const html = join(dir, 'out', 'slower.html');
  const json = join(dir, 'slower-report.json');
  const flagged = await salvo(['compare', base, slower, '--out', `json=${json}`, '--out', `html=${html}`]);
  assert.equal(flagged.code, 99, flagged.stdout + flagged.stderr);
  assert.match(flagged.stdout, /regressed beyond the tolerance/);
  const report: CompareReport = read(json);
  assert.equal(report.regressed, true);
  const item = report.comparisons[0]!.names.find((entry) => entry.name === '/item')!;
  const p50 = item.figures.find((figure) => figure.figure === 'p50')!;
  assert.equal(p50.verdict, 'regressed');
  // 130 / 100 ms: near +30 % (less when the machine adds its own delay to both), and the
  // interval lies above the 10 % tolerance
  assert.ok(p50.change > 0.15 && p50.change < 0.4, JSON.stringify(p50));
  assert.ok(p50.low > 0.1, JSON.stringify(p50));
  assert.equal(item.figures.find((figure) => figure.figure === 'error_rate')!.verdict, 'unchanged');
  assert.ok(existsSync(html));
  assert.match(readFileSync(html, 'utf8'), /<td class="bad-text">regressed<\/td>/);

  // a tolerance wider than the slowdown lets it pass
  const lenient = await salvo(['compare', base, slower, '--tolerance', '50%']);
  assert.equal(lenient.code, 0, lenient.stdout);

  // three runs: each later one against the first
  const three = join(dir, 'three.json');
  const all = await salvo([
    'compare',
    base,
    again,
    slower,
    '--figures',
    'p50,errors',
    '--out',
    `json=${three}`,
  ]);
  assert.equal(all.code, 99, all.stdout + all.stderr);
  const { comparisons }: CompareReport = read(three);
  assert.deepEqual(
    comparisons.map(({ baseline, candidate, names }) => [
      baseline,
      candidate,
      names.find((entry) => entry.name === '/item')!.figures[0]!.verdict,
    ]),
    [
      [base, again, 'unchanged'],
      [base, slower, 'regressed'],
    ],
  );
});

test('a step in latency at a known second is a change point in the results, the summary and compare', async () => {
  // 20 ms, then 100: a step no scheduling delay of a busy machine hides or makes
  const stepping = await startDelayServer((elapsedMs) => (elapsedMs < 7000 ? 20 : 100));
  try {
    const path = join(dir, 'step.json');
    const ran = await salvo([
      'run',
      '--url',
      `${stepping.url}/step`,
      '-u',
      '4',
      '-d',
      '15s',
      '-w',
      '1',
      '--out',
      `json=${path}`,
    ]);
    assert.equal(ran.code, 0, ran.stderr);
    const doc: ResultsDocument = read(path);
    assert.equal(schemaErrors(doc), '');
    // the server's step, found within 2 s (it counts from its first request, a little after
    // the run's start); the shared machine may add later shifts of its own, so no count
    const step = doc.changePoints!.find(
      (point) => point.series === 'p95' && point.name === undefined && Math.abs(point.atMs - 7000) <= 2000,
    );
    assert.ok(step, JSON.stringify(doc.changePoints));
    assert.ok(step.after > 1.5 * step.before, JSON.stringify(step));
    assert.ok(doc.changePoints!.some((point) => point.name === '/step' && point.atMs === step.atMs));
    assert.match(ran.stdout, /CHANGE POINTS/);

    // compare lists each run's change points, in its table, its document and its page
    const report = join(dir, 'step-compare.json');
    const page = join(dir, 'step-compare.html');
    const compared = await salvo(['compare', path, path, '--out', `json=${report}`, '--out', `html=${page}`]);
    assert.equal(compared.code, 0, compared.stdout + compared.stderr);
    assert.match(compared.stdout, /change points in .*step\.json\n {2}.*p95/);
    const { changePoints }: CompareReport = read(report);
    assert.ok(
      changePoints.every((run) => run.points.some((point) => point.atMs === step.atMs)),
      JSON.stringify(changePoints),
    );
    assert.match(readFileSync(page, 'utf8'), /<h2>Change points<\/h2>.*p95/s);
  } finally {
    await stepping.close();
  }
});

test('compare: bad input is one line with its code', async () => {
  const one = await salvo(['compare']);
  assert.equal(one.code, 1);
  assert.match(one.stderr, /SALVO_ERR_USAGE/);
  const tolerance = await salvo(['compare', 'a.json', 'b.json', '--tolerance', 'lots']);
  assert.equal(tolerance.code, 1);
  assert.match(tolerance.stderr, /--tolerance must be a share.*SALVO_ERR_USAGE/);
  const missing = await salvo(['compare', join(dir, 'nope.json'), join(dir, 'nope2.json')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read .*SALVO_ERR_RESULTS/);

  // results files that are not what this Salvo writes: one line naming the file, no stack
  const good = syntheticDocument({ seconds: 10, names: 1 });
  const files: Record<string, unknown> = {
    'sweep.json': { schema: 'salvo/sweep', version: 1 },
    'v2.json': { ...good, version: 2 },
    'no-series.json': { ...good, series: undefined },
    'bad-histogram.json': { ...good, histograms: { ...good.histograms, http_req_duration: 'not-hdr' } },
  };
  const expected: Record<string, RegExp> = {
    'sweep.json': /sweep\.json is not a results document \(no "schema": "salvo\/results"\)/,
    'v2.json': /v2\.json is a results document of version 2; this Salvo reads version 1/,
    'no-series.json': /no-series\.json has no valid "series": a damaged or hand-made results document/,
    'bad-histogram.json': /histogram that does not decode: .*bad-histogram\.json, http_req_duration: /,
  };
  writeFileSync(join(dir, 'good.json'), JSON.stringify(good));
  for (const [file, content] of Object.entries(files)) {
    writeFileSync(join(dir, file), JSON.stringify(content));
    const ran = await salvo(['compare', join(dir, 'good.json'), join(dir, file)]);
    assert.equal(ran.code, 1, file);
    assert.match(ran.stderr, expected[file]!);
    assert.match(ran.stderr, /^salvo: .*\[SALVO_ERR_RESULTS\]\n$/);
  }
});
