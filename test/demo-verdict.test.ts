/**
 * The demo's closing lines on the runs it cannot count on in test/demo.test.ts: a crossed
 * threshold is named with the value it saw, a step that wrote nothing says so, the exit code
 * is the first failing step's, and Ctrl-C is exit 2.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { demoVerdict } from '../scripts/demo-verdict.ts';

const dir = mkdtempSync(join(tmpdir(), 'salvo-demo-verdict-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const trend = (values: Record<string, number>, thresholds?: object) => ({
  type: 'trend',
  contains: 'time',
  values,
  thresholds,
});

writeFileSync(
  join(dir, 'results.json'),
  JSON.stringify({
    meta: { outcome: 'thresholds_crossed' },
    metrics: {
      http_reqs: { type: 'counter', contains: 'default', values: { count: 1200, rate: 30 } },
      http_req_failed: {
        type: 'rate',
        contains: 'default',
        values: { rate: 0.005, passes: 6, fails: 1194 },
        thresholds: { 'rate<0.01': { ok: true, actual: 0.005 } },
      },
      response_time: trend({ count: 900, 'p(95)': 1234.5 }, { 'p(95)<1000': { ok: false, actual: 1234.5 } }),
      stream_time_to_first_event: trend({ count: 12, 'p(95)': 2100 }, { 'p(95)<3000': { ok: true } }),
      draft_tokens_per_second: { type: 'trend', contains: 'default', values: { count: 12, med: 31 } },
    },
  }),
);
writeFileSync(
  join(dir, 'cache.json'),
  JSON.stringify({
    meta: { outcome: 'completed' },
    keys: [{ status: 'ok' }, { status: 'cold_failed' }],
    overall: { speedUp: { estimate: 812.4, low: 300.2, high: 2000.9 } },
    hitRatio: { ratio: 0.8 },
  }),
);

test('a crossed threshold is named with what it saw; a step without a document says so; the first failing code is the exit', () => {
  const verdict = demoVerdict(
    dir,
    { run: 99, sweep: 1, cache: 0 },
    { interrupted: false, elapsedMs: 121_400 },
  );
  assert.equal(verdict.exitCode, 99);
  assert.deepEqual(verdict.lines.slice(0, 4), [
    '== the demo FAILED after 2:01 (exit code 99)',
    '   1/3 load test   FAILED (exit 99, thresholds crossed): response_time p(95)<1000 (was 1.23 s); ' +
      '1200 requests, 0.50 % failed; 12 AI drafts streamed, first token p95 2.10 s, median 31 tokens/s',
    '   2/3 sweep       FAILED (exit 1): no document written (its error is above)',
    '   3/3 cache       completed: warm drafts 812x faster (95 % interval 300x to 2001x), hit ratio 80.00 %, 1 of 2 cold drafts failed',
  ]);
  assert.deepEqual(verdict.lines.slice(4), [
    `files in ${dir}:`,
    `   results.json  the load test as data (also results.csv); sweep.json and cache.json for the suites`,
  ]);
});

test('Ctrl-C: exit 2 and only the steps that ran', () => {
  const verdict = demoVerdict(dir, { run: 2 }, { interrupted: true, elapsedMs: 5_000 });
  assert.equal(verdict.exitCode, 2);
  assert.equal(verdict.lines[0], '== the demo INTERRUPTED after 0:05 (exit code 2)');
  assert.equal(verdict.lines.filter((line) => /^ {3}\d\/3 /.test(line)).length, 1);
});
