import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { SalvoError } from '../errors.ts';
import type { ResultsDocument } from '../results/index.ts';
import { startTest } from './coordinator.ts';
import { startTestFile } from './testing/started-test-file.ts';
import { testFiles } from './testing/test-files.ts';

const files = testFiles();
after(() => files.remove());

/** file:line:col of `snippet` in the test file made of `source` (its line 1 is the import). */
function placeOf(path: string, source: string, snippet: string): string {
  const before = source.slice(0, source.indexOf(snippet)).split('\n');
  return `${path}:${before.length + 1}:${before.at(-1)!.length + 1}`;
}

/** Writes the test and starts it. */
async function start(source: string) {
  const { path, running, results } = await startTestFile(files, source);
  return { at: (snippet: string) => placeOf(path, source, snippet), running, results };
}

function countOf(doc: ResultsDocument, metric: string): number {
  return (doc.metrics[metric]?.values as { count: number } | undefined)?.count ?? 0;
}

test('script errors are grouped by place, message and location; teardown is one of them', async () => {
  const { at, running, results } =
    await start(`import { constantPacing } from '${new URL('../index.ts', import.meta.url).href}';
export default defineTest({
  scenarios: {
    k6: { executor: 'per-vu-iterations', vus: 2, iterations: 5, exec: (vu) => {
      if (vu.iteration % 2 === 0) throw new Error('even\\nsecond line ' + vu.iteration);
      return Promise.reject(new TypeError('odd'));
    } },
    waits: { executor: 'constant-vus', vus: 2, duration: '1s', think: constant(0.25),
      tasks: [{ name: 'broken', run: () => { throw new RangeError('no'); } }] },
    paced: { executor: 'constant-vus', vus: 2, duration: '1s', think: constantPacing(0.25),
      tasks: [{ name: 'brokenPaced', run: async () => { throw 'a string'; } }] },
  },
  teardown: () => { throw new Error('cleanup refused'); },
});`);
  await running.done;
  const doc = results();
  const script = doc.errors.filter((entry) => entry.kind === 'script');
  const find = (name: string, message: string) =>
    script.find((e) => e.name === name && e.message === message);
  assert.deepEqual(find('k6', 'even'), {
    kind: 'script',
    name: 'k6',
    count: 6,
    sample: 'even',
    message: 'even',
    location: at("new Error('even"),
  });
  assert.equal(find('k6', 'TypeError: odd')?.count, 4);
  assert.equal(find('k6', 'TypeError: odd')?.location, at('new TypeError'));
  assert.equal(find('teardown', 'cleanup refused')?.location, at("new Error('cleanup"));
  assert.equal(find('teardown', 'cleanup refused')?.count, 1);
  assert.equal(find('brokenPaced', 'a string')?.location, '');
  // a task that throws still waits its think time or pacing: 2 VUs × 1 s / 0.25 s, not thousands
  for (const name of ['broken', 'brokenPaced']) {
    const count = script.filter((e) => e.name === name).reduce((sum, e) => sum + e.count, 0);
    assert.ok(count >= 2 && count <= 2 * (1000 / 250 + 1), `${name}: ${count} errors`);
  }
  assert.equal(
    countOf(doc, 'errors'),
    script.reduce((sum, e) => sum + e.count, 0),
  );
  const schema = JSON.parse(
    readFileSync(new URL('../../../../docs/results.schema.json', import.meta.url), 'utf8'),
  );
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowMatchingProperties: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
});

test('a VU whose exec throws at once keeps the event loop turning: a stop is honoured at once', async () => {
  const { running, results } = await start(`
export default defineTest({ vus: 2, duration: '20s', exec: () => { throw new Error('at once'); } });`);
  const startedAt = performance.now();
  // a timer: it fires only if the VUs' loop gives the event loop turns
  setTimeout(() => running.stop('graceful'), 300);
  await running.done;
  const elapsedMs = performance.now() - startedAt;
  assert.ok(elapsedMs < 10_000, `stopped after ${Math.round(elapsedMs)} ms of a 20 s run`);
  assert.equal(results().meta.outcome, 'interrupted');
  assert.ok(countOf(results(), 'errors') > 0);
});

test('a throwing setup ends the run before it starts, in one line that names setup and the place', async () => {
  const source = `export default defineTest({ vus: 1, iterations: 1, exec: () => {},
  setup: () => { throw new Error('no test data\\nat all'); } });`;
  const path = files.write('setup-throws.ts', source);
  await assert.rejects(
    startTest({ source: { kind: 'file', path, overrides: {} }, workers: 1, outputs: [], testLabel: path }),
    (error) =>
      error instanceof SalvoError &&
      error.code === 'SALVO_ERR_SCRIPT' &&
      error.message === `setup threw: no test data (${placeOf(path, source, 'new Error')})`,
  );
});
