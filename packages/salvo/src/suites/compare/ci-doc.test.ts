import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { salvo } from '../../cli/testing/salvo-process.ts';
import { type DelayServer, startDelayServer } from '../testing/delay-server.ts';

/**
 * docs/ci.md's pipeline, its Salvo steps run as written (the test shortened to 10 s) in a
 * folder laid out as the workflow's: the test file from the page, a baseline from one run,
 * then the same service again (compare passes) and a copy 30 % slower (compare exits 99).
 */

const page = readFileSync(new URL('../../../../../docs/ci.md', import.meta.url), 'utf8');
const testFile = /```ts\n([\s\S]*?)\n```/.exec(page)![1]!;
const workflow = /```yaml\n([\s\S]*?)\n```/.exec(page)![1]!;
/** The workflow's `npx salvo ...` commands, up to a pipe, as argument lists. */
const commands = [...workflow.matchAll(/npx salvo ([^|\n]+)/g)].map((match) => match[1]!.trim().split(/\s+/));
const runArgs = commands.find((args) => args[0] === 'run')!;
const compareArgs = commands.find((args) => args[0] === 'compare')!;

const dir = mkdtempSync(join(tmpdir(), 'salvo-ci-doc-'));
let fast: DelayServer;
let slow: DelayServer;
before(async () => {
  fast = await startDelayServer(50);
  slow = await startDelayServer(65);
  mkdirSync(join(dir, 'load'));
  mkdirSync(join(dir, 'perf'));
  writeFileSync(join(dir, 'load', 'api.ts'), testFile);
});
after(async () => {
  await Promise.all([fast.close(), slow.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function loadTest(server: DelayServer): Promise<void> {
  const ran = await salvo([...runArgs, '-d', '10s', '-w', '1'], { cwd: dir, env: { BASE_URL: server.url } });
  assert.equal(ran.code, 0, ran.stderr);
}

test('the workflow has one run and one compare step, gating on the tolerance', () => {
  assert.deepEqual(runArgs.slice(0, 2), ['run', 'load/api.ts']);
  assert.deepEqual(compareArgs.slice(0, 3), ['compare', 'perf/baseline.json', 'perf/run.json']);
  assert.ok(compareArgs.includes('--tolerance'));
  assert.ok(compareArgs.includes('--figures'));
  assert.match(workflow, /actions\/upload-artifact@v4[\s\S]*path: perf\//);
});

test("the pipeline's steps: the same service passes, 30 % slower fails with 99, the report is kept", async () => {
  await loadTest(fast);
  renameSync(join(dir, 'perf', 'run.json'), join(dir, 'perf', 'baseline.json'));

  await loadTest(fast);
  // on this shared machine, other work moves the tails between two runs: the same service
  // is judged on what it decides itself (a later --figures wins over the page's)
  const same = await salvo([...compareArgs, '--figures', 'p50,errors'], { cwd: dir });
  assert.equal(same.code, 0, same.stdout + same.stderr);

  await loadTest(slow);
  const slower = await salvo(compareArgs, { cwd: dir });
  assert.equal(slower.code, 99, slower.stdout + slower.stderr);
  for (const file of ['run.json', 'report.html', 'compare.json', 'compare.html']) {
    assert.ok(existsSync(join(dir, 'perf', file)), `perf/${file} for the artifact`);
  }
});
