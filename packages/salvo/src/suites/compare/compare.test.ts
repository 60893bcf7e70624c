import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { salvo } from '../../cli/testing/salvo-process.ts';
import type { ResultsDocument } from '../../results/index.ts';
import { type DelayServer, startDelayServer } from '../testing/delay-server.ts';
import { schemaErrors } from '../testing/results-schema.ts';
import type { CompareReport } from './index.ts';

/**
 * Real runs against real servers: the same 50 ms service twice does not differ; a copy of
 * it 30 % slower (65 ms) is flagged, and `salvo compare` exits 99 on it. 50 ms, not less:
 * on a machine shared with other work, scheduling adds milliseconds to every answer.
 */

const dir = mkdtempSync(join(tmpdir(), 'salvo-compare-'));
let fast: DelayServer;
let slow: DelayServer;
before(async () => {
  fast = await startDelayServer(50);
  slow = await startDelayServer(65);
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
  const base = await run(fast.url, 'base.json');
  const again = await run(fast.url, 'again.json');
  const slower = await run(slow.url, 'slower.json');

  // p50 and errors: what a 50 ms timer sets. The tails (p95, p99) and req/s of two runs a
  // minute apart also carry what else the shared machine did meanwhile (at its busiest it
  // halves req/s), so the gate here is on the figures the service decides (--figures).
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
  // 65 / 50 ms: near +30 % (less when the machine adds its own delay to both), and the
  // interval lies above the 10 % tolerance
  assert.ok(p50.change > 0.15 && p50.change < 0.4, JSON.stringify(p50));
  assert.ok(p50.low > 0.1, JSON.stringify(p50));
  assert.equal(item.figures.find((figure) => figure.figure === 'error_rate')!.verdict, 'unchanged');
  assert.ok(existsSync(html));
  assert.match(readFileSync(html, 'utf8'), /<td class="bad-text">regressed<\/td>/);

  // a tolerance wider than the slowdown lets it pass
  const lenient = await salvo(['compare', base, slower, '--tolerance', '50%']);
  assert.equal(lenient.code, 0, lenient.stdout);
});

test('a step in latency at a known second is a change point in the results and the summary', async () => {
  const stepping = await startDelayServer((elapsedMs) => (elapsedMs < 7000 ? 5 : 30));
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
});
