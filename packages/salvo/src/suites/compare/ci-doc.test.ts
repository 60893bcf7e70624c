import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { salvo } from '../../cli/testing/salvo-process.ts';
import { type DelayServer, startDelayServer } from '../testing/delay-server.ts';

/**
 * docs/ci.md's pipeline, its Salvo steps run as written (the test shortened to 10 s at 4 VUs) in
 * folders laid out as the workflow's: the test file from the page, a baseline from one run,
 * then the same service again (compare passes) and a copy 30 % slower (compare exits 99).
 * The three runs go at the same moments, each in a folder of its own, so the shared
 * machine's other work lands on all of them alike.
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
  fast = await startDelayServer(100);
  slow = await startDelayServer(130);
});
after(async () => {
  await Promise.all([fast.close(), slow.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** A checkout of its own with the page's test file; the run step as written, its folder returned. */
async function loadTest(name: string, server: DelayServer): Promise<string> {
  const checkout = join(dir, name);
  mkdirSync(join(checkout, 'load'), { recursive: true });
  mkdirSync(join(checkout, 'perf'));
  writeFileSync(join(checkout, 'load', 'api.ts'), testFile);
  const ran = await salvo([...runArgs, '-d', '10s', '-u', '4', '-w', '1'], {
    cwd: checkout,
    env: { BASE_URL: server.url },
  });
  assert.equal(ran.code, 0, ran.stderr);
  return checkout;
}

test('the workflow has one run and one compare step, gating on the tolerance', () => {
  assert.deepEqual(runArgs.slice(0, 2), ['run', 'load/api.ts']);
  assert.deepEqual(compareArgs.slice(0, 3), ['compare', 'perf/baseline.json', 'perf/run.json']);
  assert.ok(compareArgs.includes('--tolerance'));
  assert.ok(compareArgs.includes('--figures'));
  assert.match(workflow, /actions\/upload-artifact@v4[\s\S]*path: perf\//);
});

test("the pipeline's steps: the same service passes, 30 % slower fails with 99, the report is kept", async () => {
  const [main, same, slower] = await Promise.all([
    loadTest('main', fast),
    loadTest('same', fast),
    loadTest('slower', slow),
  ]);
  // the baseline step: main's run, restored into each pull request's checkout
  for (const checkout of [same, slower]) {
    copyFileSync(join(main, 'perf', 'run.json'), join(checkout, 'perf', 'baseline.json'));
  }

  // how each process is scheduled moves the tails: the same service is judged on what it
  // decides itself (a later --figures wins over the page's)
  const passed = await salvo([...compareArgs, '--figures', 'p50,errors'], { cwd: same });
  assert.equal(passed.code, 0, passed.stdout + passed.stderr);

  const failed = await salvo(compareArgs, { cwd: slower });
  assert.equal(failed.code, 99, failed.stdout + failed.stderr);
  for (const file of ['run.json', 'report.html', 'compare.json', 'compare.html']) {
    assert.ok(existsSync(join(slower, 'perf', file)), `perf/${file} for the artifact`);
  }
});
