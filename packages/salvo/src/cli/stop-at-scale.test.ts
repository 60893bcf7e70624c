import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type FaultServer, startFaultServer } from '../http/testing/index.ts';
import type { ResultsDocument } from '../results/index.ts';
import { testFiles } from '../run/testing/test-files.ts';

const BIN = fileURLToPath(new URL('../../bin/salvo.js', import.meta.url));
const files = testFiles();
let server: FaultServer;
before(async () => {
  server = await startFaultServer();
});
after(async () => {
  await server.close();
  files.remove();
});

interface Started {
  readonly child: ReturnType<typeof spawn>;
  readonly exited: Promise<{ code: number | null; stderr: string; at: number }>;
}

function start(args: string[]): Started {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stderr: string; at: number }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr, at: performance.now() })),
  );
  return { child, exited };
}

/** Waits until `done()`, polling; fails after `ms`. */
async function until(done: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const VUS = 5000;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} stops ${VUS} VUs stuck on a stalled server within seconds, and the results are written`, async (t) => {
    const before = server.connections();
    const out = join(files.dir, `${signal}.json`);
    const path = files.write(
      `stall-${signal}.ts`,
      `export default defineTest({ scenarios: { stall: {
        executor: 'constant-vus', vus: ${VUS}, duration: '60s', gracefulStop: '1s',
        exec: async (vu) => { await vu.http.get('${server.url}/stall'); },
      } } });`,
    );
    const run = start(['run', path, '--workers', '1', '--quiet', '--out', `json=${out}`]);
    // every VU is waiting on the server before the signal comes (generous on a busy machine)
    await until(() => server.connections() - before >= VUS, 60_000, `${VUS} connections`);
    const sentAt = performance.now();
    run.child.kill(signal);
    const { code, stderr, at } = await run.exited;
    t.diagnostic(`exited ${Math.round(at - sentAt)} ms after ${signal}`);
    // a second of graceful stop, then closing 5 000 sockets and writing the file
    assert.ok(at - sentAt < 15_000, `exited ${Math.round(at - sentAt)} ms after ${signal}`);
    assert.notEqual(code, 0, stderr);
    assert.match(stderr, /stopping/);
    assert.ok(existsSync(out), 'the results file is written');
    const doc = JSON.parse(readFileSync(out, 'utf8')) as ResultsDocument;
    assert.equal(doc.meta.outcome, 'interrupted');
    const vusMax = doc.metrics.vus_max?.values;
    assert.ok(vusMax && 'max' in vusMax);
    assert.equal(vusMax.max, VUS);
  });
}

test('a plan this machine cannot hold is refused in one line before anything starts', async () => {
  const out = join(files.dir, 'refused.json');
  const connections = server.connections();
  const startedAt = performance.now();
  const run = start([
    'run',
    '--url',
    `${server.url}/`,
    '-u',
    '1000000',
    '-d',
    '1s',
    '--workers',
    '1',
    '--out',
    `json=${out}`,
  ]);
  const { code, stderr, at } = await run.exited;
  assert.equal(code, 1, stderr);
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0]!, /^salvo: the plan does not fit this machine: 1,000,000 VUs/);
  assert.match(lines[0]!, /--workers \d+|machines or more/);
  assert.ok(at - startedAt < 10_000, 'refused at once, not after growing');
  assert.equal(existsSync(out), false, 'no run, no results');
  assert.equal(server.connections(), connections, 'no load, not even the preflight');
});
