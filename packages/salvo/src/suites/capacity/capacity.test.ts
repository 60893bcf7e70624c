import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { salvo } from '../../cli/testing/salvo-process.ts';
import { testFiles } from '../../run/testing/test-files.ts';
import { startDelayServer } from '../testing/delay-server.ts';
import { startKnownServer } from '../testing/known-servers.ts';
import { rerunWhileStarved } from '../testing/rerun-starved.ts';
import type { CapacityDocument } from './index.ts';

/**
 * `salvo capacity` against a server whose latency crosses the SLO at a known rate: while
 * the last second brought at most 60 requests it answers in 5 ms, above that in 1 s. The
 * SLO `p(90)<500` holds up to 60 req/s and fails above; the 1 s answer is far from the
 * 500 ms bound, so a busy machine's hiccups do not decide a step.
 */

const LIMIT_RPS = 60;
const dir = mkdtempSync(join(tmpdir(), 'salvo-capacity-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the sustainable rate is found within 10 % of where the SLO breaks, with the evidence of every step', async () => {
  const server = await startKnownServer({ kind: 'rate', limitRps: LIMIT_RPS, fastMs: 5, slowMs: 1000 });
  try {
    const json = join(dir, 'capacity.json');
    const html = join(dir, 'capacity.html');
    const search = async () => {
      const ran = await salvo([
        'capacity',
        '--url',
        `${server.url}/`,
        '--slo',
        'p(90)<500',
        '--slo',
        'rate<0.01',
        '--start-rate',
        '10',
        '-d',
        '2',
        '--warmup',
        '1',
        '-w',
        '1',
        '-o',
        `json=${json}`,
        '-o',
        `html=${html}`,
      ]);
      assert.equal(ran.code, 0, ran.stderr);
      return { ran, doc: JSON.parse(readFileSync(json, 'utf8')) as CapacityDocument };
    };
    // starved: stopped early for the generator while its own work was light
    const { ran, doc } = await rerunWhileStarved(
      search,
      ({ doc }) => doc.end === 'generator_saturated' && doc.steps.at(-1)!.generator.cpu < 0.5,
    );
    assert.equal(doc.schema, 'salvo/capacity');
    assert.equal(doc.end, 'narrowed');
    const shown = JSON.stringify(doc.steps.map((step) => [step.rateRps, step.holds, step.reasons]));
    assert.ok(Math.abs(doc.sustainableRps! - LIMIT_RPS) <= LIMIT_RPS * 0.1, `${doc.sustainableRps} ${shown}`);
    assert.deepEqual(
      doc.steps.slice(0, 3).map((step) => [step.phase, step.rateRps, step.holds]),
      [
        ['ramp', 10, true],
        ['ramp', 20, true],
        ['ramp', 40, true],
      ],
    );
    const ramp80 = doc.steps[3]!;
    assert.deepEqual([ramp80.rateRps, ramp80.holds], [80, false]);
    assert.deepEqual(
      ramp80.slo.map((outcome) => [outcome.key, outcome.expression, outcome.ok]),
      [
        ['http_req_failed', 'rate<0.01', true],
        ['response_time', 'p(90)<500', false],
      ],
    );
    assert.ok(ramp80.slo[1]!.actual! >= 900);
    assert.match(ramp80.reasons[0]!, /^response_time p\(90\)<500 \(\d/);
    // every step above the answer failed, every step at or below it held
    for (const step of doc.steps) assert.equal(step.holds, step.rateRps <= doc.sustainableRps!, shown);
    assert.match(ran.stdout, /^sustainable rate: [\d.]+ req\/s/m);
    assert.match(readFileSync(html, 'utf8'), /"schema":"salvo\/capacity"/);
  } finally {
    await server.close();
  }
});

test('a generator that saturates below the service stops the search early and says so', async () => {
  // each iteration holds the runner's one thread for 30 ms: by 40 req/s (1.2 s of work a
  // second) the generator cannot keep up, while the 5 ms service and the lenient SLO hold
  const server = await startDelayServer(5);
  const files = testFiles();
  try {
    const path = files.write(
      'busy.ts',
      `export default defineTest({ http: { baseUrl: '${server.url}' }, exec: async (vu) => {
        const until = performance.now() + 30;
        while (performance.now() < until);
        await vu.http.get('/');
      } });`,
    );
    const json = join(dir, 'saturated.json');
    const ran = await salvo([
      'capacity',
      path,
      '--slo',
      'p(99)<60000',
      '--start-rate',
      '10',
      '-d',
      '3',
      '--warmup',
      '0',
      '-w',
      '1',
      '-o',
      `json=${json}`,
    ]);
    assert.equal(ran.code, 0, ran.stderr);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as CapacityDocument;
    const shown = JSON.stringify(doc.steps.map((step) => [step.rateRps, step.holds, step.reasons]));
    assert.equal(doc.end, 'generator_saturated', shown);
    const last = doc.steps.at(-1)!;
    assert.ok(last.rateRps <= 40 && last.generator.saturated, shown);
    assert.match(last.reasons.join(), /^generator saturated \(/, shown);
    // the answer is the last step that held, none above it tried
    for (const step of doc.steps.slice(0, -1)) assert.equal(step.holds, true, shown);
    assert.equal(doc.sustainableRps, doc.steps.at(-2)?.rateRps ?? null);
    assert.match(ran.stdout, /^stopped early: the load generator saturated, not the service\./m);
  } finally {
    files.remove();
    await server.close();
  }
});

test('a bad SLO and bad search flags fail before anything runs, one line each', async () => {
  const ran = await salvo([
    'capacity',
    '--url',
    'http://127.0.0.1:9/',
    '--slo',
    'p(99)<<5',
    '--factor',
    '1',
    '--max-rate',
    '5',
  ]);
  assert.equal(ran.code, 1);
  assert.match(ran.stderr, /--slo: .*\[SALVO_ERR_THRESHOLD\]/);
  assert.match(ran.stderr, /--factor must be more than 1.*\[SALVO_ERR_USAGE\]/);
  assert.match(ran.stderr, /--max-rate is below --start-rate.*\[SALVO_ERR_USAGE\]/);
});
