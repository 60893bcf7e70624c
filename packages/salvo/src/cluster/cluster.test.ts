/**
 * Cluster mode end to end: `salvo runner` processes on loopback meeting a coordinator at a
 * real redis-server, load on a real loopback HTTP server that counts what it receives.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { assertUsageError, readResults, salvo } from '../cli/testing/salvo-process.ts';
import { selfSignedCert } from '../http/testing/tls-server.ts';
import { KEYS } from './redis.ts';
import { startTestRedis, type TestRedis } from './testing/redis-server.ts';
import { type RunnerProcess, startRunner } from './testing/runner-processes.ts';

let server: Server;
let target = '';
/** Requests the server received, by path. */
const received = new Map<string, number>();
const dir = mkdtempSync(join(tmpdir(), 'salvo-cluster-'));

before(async () => {
  server = createServer((request, response) => {
    received.set(request.url ?? '', (received.get(request.url ?? '') ?? 0) + 1);
    response.end('ok');
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** An arrival-rate test in its own folder, reading the path it requests from a feed file beside it. */
function writeTest(name: string, path: string, rate: number, seconds: number): string {
  const folder = join(dir, name);
  mkdirSync(join(folder, 'data'), { recursive: true });
  writeFileSync(join(folder, 'data', 'paths.csv'), `path\n${path}\n`);
  writeFileSync(
    join(folder, 'test.ts'),
    `import { defineTest, feed } from 'salvo';
const paths = feed<{ path: string }>('data/paths.csv');
export default defineTest({
  http: { baseUrl: '${target}' },
  scenarios: {
    load: {
      executor: 'constant-arrival-rate', rate: ${rate}, timeUnit: '1s', duration: '${seconds}s',
      preAllocatedVUs: 20, maxVUs: 100,
      exec: async (vu) => { await vu.http.get(paths.next(vu).path); },
    },
  },
});
`,
  );
  return join(folder, 'test.ts');
}

async function startRunners(url: string, capacities: Record<string, number>): Promise<RunnerProcess[]> {
  const runners = Object.entries(capacities).map(([name, capacity]) => startRunner(url, name, capacity));
  await Promise.all(runners.map((runner) => runner.waiting));
  return runners;
}

async function stopAll(runners: readonly RunnerProcess[], redis: TestRedis): Promise<void> {
  await Promise.all(runners.map((runner) => runner.kill('SIGTERM')));
  await redis.stop();
}

/** `salvo run FILE --cluster URL --runners-min N`, the start of every run here. */
const clusterRun = (file: string, url: string, runnersMin: number): string[] => [
  'run',
  file,
  '--cluster',
  url,
  '--runners-min',
  String(runnersMin),
];

// biome-ignore lint/suspicious/noExplicitAny: a parsed results document, read loosely
const count = (results: any, metric: string): number => results.metrics[metric]?.values.count ?? 0;

test('three runners with a password: shares follow capacity, and the merge is exact', async (t) => {
  const redis = await startTestRedis({ password: 's3cret' });
  const runners = await startRunners(redis.url, { r1: 100, r2: 100, r3: 200 });
  try {
    // an unreadable message and one of another protocol version: a log line each, no crash
    const raw = new Redis(redis.url);
    await raw.xadd(KEYS.inbox('r1'), '*', 'm', '{not json');
    await raw.xadd(KEYS.inbox('r1'), '*', 'm', JSON.stringify({ v: 99, type: 'assign', runId: 'x', seq: 1 }));
    const status = await salvo(['cluster', 'status', '--redis', redis.url, '--json']);
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual(
      JSON.parse(status.stdout).runners.map(
        (runner: { name: string; state: string }) => `${runner.name} ${runner.state}`,
      ),
      ['r1 idle', 'r2 idle', 'r3 idle'],
    );
    raw.disconnect();

    const json = join(dir, 'exact.json');
    let late: RunnerProcess | undefined;
    const ran = await salvo(
      [...clusterRun(writeTest('exact', '/exact', 200, 5), redis.url, 3), '-o', `json=${json}`, '--no-color'],
      {
        // a runner started while the run goes joins the next run, not this one
        interruptWhen: ({ stderr }) => {
          if (!late && /cluster run .* on 3 runners/.test(stderr)) late = startRunner(redis.url, 'r4', 100);
          return false;
        },
      },
    );
    assert.ok(late, 'a runner was started during the run');
    runners.push(late);
    assert.equal(ran.code, 0, ran.stderr);
    const results = readResults(json);
    // shares of 200, 100 and 100 VUs of capacity: a half and two quarters, adding up to the plan
    assert.deepEqual(
      results.meta.runners.map((runner: { id: string; segment: string }) => `${runner.id} ${runner.segment}`),
      ['r3 0:1/2', 'r1 1/2:3/4', 'r2 3/4:1'],
    );
    // every request the server saw is in the merged results, once; the feed file went with the test
    const requests = count(results, 'http_reqs');
    assert.equal(received.get('/exact'), requests);
    assert.ok(requests > 0);
    // the shares' starts add up to the plan: made, or counted as dropped on a busy machine
    assert.equal(count(results, 'iterations') + count(results, 'dropped_iterations'), 1000);
    assert.equal(count(results, 'http_req_duration'), requests, 'the merged histogram holds every value');
    t.diagnostic(
      `server ${received.get('/exact')}, http_reqs ${requests}, dropped ${count(results, 'dropped_iterations')}`,
    );
    // the per-runner table: r3 made about half, from its capacity
    const r3 = /^ {2}r3 .*$/m.exec(ran.stdout)?.[0] ?? '';
    const r3Requests = Number(r3.trim().split(/\s+/)[3]);
    assert.ok(
      Math.abs(r3Requests / requests - 0.5) < 0.05,
      `r3 made ${r3Requests} of ${requests}: ${ran.stdout}`,
    );
    assert.match(runners[0]!.stderr, /ignored a message in salvo:inbox:r1: protocol version 99/);
    assert.match(runners[0]!.stderr, /ignored a message in salvo:inbox:r1: not an object/);

    // the next run takes all four
    const next = await salvo([...clusterRun(writeTest('next', '/next', 20, 1), redis.url, 4), '-q']);
    assert.equal(next.code, 0, next.stderr);
    assert.match(next.stderr, /on 4 runners \(r3 0:2\/5, r1 2\/5:3\/5, r2 3\/5:4\/5, r4 4\/5:1\)/);
    assert.doesNotMatch(late.stderr.split('share 4/5:1')[0]!, /share/, 'r4 had no share of the first run');
  } finally {
    await stopAll(runners, redis);
  }
});

test('a runner SIGKILLed mid-run: its share is taken over and the plan is kept within 2 %', async (t) => {
  const redis = await startTestRedis();
  const runners = await startRunners(redis.url, { k1: 200, k2: 200, k3: 100 });
  try {
    const json = join(dir, 'killed.json');
    const run = salvo(
      [
        ...clusterRun(writeTest('killed', '/killed', 100, 14), redis.url, 3),
        '-o',
        `json=${json}`,
        '--no-color',
      ],
      {
        // once the load has run for a few seconds, the smallest runner dies
        interruptWhen: ({ stderr }) => {
          if (!/cluster run .* on 3 runners/.test(stderr) || (received.get('/killed') ?? 0) < 400)
            return false;
          void runners[2]!.kill('SIGKILL');
          return false;
        },
      },
    );
    const ran = await run;
    assert.equal(ran.code, 0, ran.stderr);
    const results = readResults(json);
    const served = received.get('/killed') ?? 0;
    // starts a busy machine could not make are counted as dropped, not lost
    const made = served + count(results, 'dropped_iterations');
    t.diagnostic(
      `plan 1400, server ${served}, dropped ${count(results, 'dropped_iterations')}, http_reqs ${count(results, 'http_reqs')}`,
    );
    assert.ok(
      Math.abs(made - 1400) <= 28,
      `the server saw ${served} of the plan's 1400 (${made} with the dropped)`,
    );
    // what k3 reported before it died stays counted; the rest of its share came from the others
    assert.ok(count(results, 'http_reqs') <= served);
    assert.ok(
      count(results, 'http_reqs') >= served - 100,
      `results ${count(results, 'http_reqs')}, server ${served}`,
    );
    const ids = results.meta.runners.map((runner: { id: string }) => runner.id);
    assert.deepEqual(ids, ['k1', 'k2', 'k3', 'k1+k3', 'k2+k3']);
    assert.match(ran.stderr, /runner k3 lost at [\d.]+ s \(no heartbeat/);
    assert.match(ran.stdout, /k3 .* lost at [\d.]+ s/);
    assert.match(ran.stdout, /! runner k3 lost .* taken over by k1, k2/);
  } finally {
    await stopAll(runners, redis);
  }
});

test('a runner SIGKILLed mid-run: its undone per-vu-iterations and shared-iterations are run by the others, once', async (t) => {
  const redis = await startTestRedis();
  const runners = await startRunners(redis.url, { i1: 200, i2: 200, i3: 100 });
  const folder = join(dir, 'iterations');
  mkdirSync(folder, { recursive: true });
  // every iteration is one request naming its scenario and process, then at least 100 ms:
  // a VU finishes at most 10 iterations a second
  writeFileSync(
    join(folder, 'test.ts'),
    `import { defineTest } from 'salvo';
const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
export default defineTest({
  http: { baseUrl: '${target}' },
  scenarios: {
    pool: {
      executor: 'shared-iterations', vus: 6, iterations: 360, maxDuration: '90s',
      exec: async (vu) => { await vu.http.get('/it/pool/' + process.pid); await pause(); },
    },
    each: {
      executor: 'per-vu-iterations', vus: 5, iterations: 60, maxDuration: '90s',
      exec: async (vu) => { await vu.http.get('/it/each/' + process.pid); await pause(); },
    },
  },
});
`,
  );
  const served = (scenario: string, pid?: number) =>
    [...received].reduce(
      (sum, [path, n]) =>
        path.startsWith(`/it/${scenario}/`) && (pid === undefined || path === `/it/${scenario}/${pid}`)
          ? sum + n
          : sum,
      0,
    );
  try {
    const killed = runners[2]!;
    const json = join(dir, 'iterations.json');
    const watcher = new Redis(redis.url);
    let i3Held = false;
    const ran = await salvo(
      [...clusterRun(join(folder, 'test.ts'), redis.url, 3), '-o', `json=${json}`, '--no-color'],
      {
        // once the coordinator holds a second of i3's (of its share's 72 of pool and 60 of
        // each) and it has made 45 or more, i3 dies
        interruptWhen: () => {
          void watcher
            .keys(KEYS.received('*'))
            .then((keys) => (keys[0] ? watcher.hget(keys[0], 'i3') : null))
            .then((held) => {
              i3Held ||= held !== null;
            })
            .catch(() => {});
          if (i3Held && served('pool', killed.child.pid) + served('each', killed.child.pid) >= 45)
            void killed.kill('SIGKILL');
          return false;
        },
      },
    );
    watcher.disconnect();
    assert.equal(ran.code, 0, ran.stderr);
    const note = new RegExp(
      'runner i3 lost .* taken over by i1, i2; pool: (\\d+) of its 72 iterations reported done, (\\d+) handed on \\(i1 (\\d+), i2 (\\d+)\\); ' +
        'each: (\\d+) of its 60 iterations reported done, (\\d+) handed on \\(i1 (\\d+), i2 (\\d+)\\)',
    ).exec(ran.stdout);
    assert.ok(note, ran.stdout);
    const [poolReported, poolHanded, poolI1, poolI2, eachReported, eachHanded, eachI1, eachI2] = note
      .slice(1)
      .map(Number) as [number, number, number, number, number, number, number, number];
    assert.equal(poolReported + poolHanded, 72);
    assert.equal(poolI1 + poolI2, poolHanded);
    assert.equal(eachReported + eachHanded, 60);
    assert.equal(eachI1 + eachI2, eachHanded);
    assert.ok(poolHanded > 0 && eachHanded > 0, 'i3 died with iterations left');
    assert.ok(poolReported > 0 && eachReported > 0, 'i3 had reported iterations done');
    assert.match(
      runners[0]!.stderr,
      new RegExp(`taking over 4/5:9/10 of i3 \\(iterations: pool ${poolI1}, each ${eachI1}\\)`),
    );
    // the merged results count every planned iteration exactly once: i3's reported ones and
    // the rest, run by i1 and i2
    assert.equal(count(readResults(json), 'iterations'), 360 + 300);
    // the server saw every planned iteration, and again those i3 had made but not reported
    // (finished in its last second, or in flight with the request already sent): these ran
    // twice; none was lost. That is what i3's VUs (pool: 2, each: 1) made since the last
    // snapshot the coordinator got: at 10 a second per VU, at most 21 per VU (two seconds,
    // if the kill caught a snapshot on its way, and the iteration in flight).
    const poolTwice = served('pool', killed.child.pid) - poolReported;
    const eachTwice = served('each', killed.child.pid) - eachReported;
    t.diagnostic(note[0]);
    t.diagnostic(
      `pool: server ${served('pool')} of 360, i3 reported ${poolReported}, twice ${poolTwice}; ` +
        `each: server ${served('each')} of 300, i3 reported ${eachReported}, twice ${eachTwice}`,
    );
    assert.equal(served('pool'), 360 + poolTwice);
    assert.equal(served('each'), 300 + eachTwice);
    assert.ok(poolTwice >= 0 && poolTwice <= 42, `pool: ${poolTwice} ran twice`);
    assert.ok(eachTwice >= 0 && eachTwice <= 21, `each: ${eachTwice} ran twice`);
  } finally {
    await stopAll(runners, redis);
  }
});

test('--on-runner-lost stop: a lost runner ends the run as runner_failed, saying which and when', async () => {
  const redis = await startTestRedis();
  const runners = await startRunners(redis.url, { s1: 100, s2: 100 });
  try {
    const json = join(dir, 'stopped.json');
    const ran = await salvo(
      [
        ...clusterRun(writeTest('stopped', '/stopped', 50, 30), redis.url, 2),
        '--on-runner-lost',
        'stop',
        '-o',
        `json=${json}`,
        '-q',
      ],
      {
        interruptWhen: () => {
          if ((received.get('/stopped') ?? 0) >= 100) void runners[1]!.kill('SIGKILL');
          return false;
        },
      },
    );
    assert.equal(ran.code, 2, ran.stderr);
    const results = readResults(json);
    assert.equal(results.meta.outcome, 'runner_failed');
    assert.match(
      results.meta.reason,
      /^runner s2 lost at [\d.]+ s \(no heartbeat for [\d.]+ s\); --on-runner-lost stop$/,
    );
    assert.ok(results.meta.durationMs < 25_000, 'stopped well before its 30 s');
  } finally {
    await stopAll(runners, redis);
  }
});

test('Redis restarted empty mid-run: nothing lost, nothing counted twice', async (t) => {
  const redis = await startTestRedis();
  const runners = await startRunners(redis.url, { b1: 100, b2: 100 });
  try {
    const json = join(dir, 'restart.json');
    let restarted = false;
    const ran = await salvo(
      [...clusterRun(writeTest('restart', '/restart', 100, 12), redis.url, 2), '-o', `json=${json}`],
      {
        interruptWhen: () => {
          if (restarted || (received.get('/restart') ?? 0) < 300) return false;
          restarted = true;
          void redis
            .stop()
            .then(() => new Promise((resolve) => setTimeout(resolve, 1000)).then(() => redis.start()));
          return false;
        },
      },
    );
    assert.ok(restarted, 'Redis was restarted during the run');
    assert.equal(ran.code, 0, ran.stderr);
    const results = readResults(json);
    t.diagnostic(
      `server ${received.get('/restart')}, http_reqs ${count(results, 'http_reqs')}, dropped ${count(results, 'dropped_iterations')}`,
    );
    assert.equal(received.get('/restart'), count(results, 'http_reqs'));
    assert.equal(count(results, 'iterations') + count(results, 'dropped_iterations'), 1200);
    assert.doesNotMatch(ran.stderr, /lost at/);
  } finally {
    await stopAll(runners, redis);
  }
});

test('runs queue: a second run waits for the runner the first holds, then runs on it', async () => {
  const redis = await startTestRedis();
  const runners = await startRunners(redis.url, { q1: 100 });
  try {
    const first = salvo(['run', writeTest('first', '/first', 50, 4), '--cluster', redis.url, '-q']);
    // the second starts once the first holds the runner
    let status = '';
    for (let i = 0; i < 100 && !status.includes('"state": "busy"'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await salvo(['cluster', 'status', '--redis', redis.url, '--json'])).stdout;
    }
    const second = salvo(['run', writeTest('second', '/second', 50, 1), '--cluster', redis.url, '-q']);
    const [one, two] = await Promise.all([first, second]);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.code, 0, two.stderr);
    assert.match(two.stderr, /waiting for runners: 0 idle, 1 wanted/);
    assert.ok((received.get('/first') ?? 0) > 0 && (received.get('/second') ?? 0) > 0);
    assert.match(runners[0]!.stderr, /share 0:1[\s\S]*finished; waiting for the next[\s\S]*share 0:1/);
  } finally {
    await stopAll(runners, redis);
  }
});

test('over TLS (rediss://): runners and the coordinator verify Redis and run the test', async () => {
  const { cert, key } = selfSignedCert();
  const certFile = join(dir, 'redis-cert.pem');
  const keyFile = join(dir, 'redis-key.pem');
  writeFileSync(certFile, cert);
  writeFileSync(keyFile, key);
  // the runners and the coordinator trust the test certificate as users trust a private CA
  process.env.NODE_EXTRA_CA_CERTS = certFile;
  const redis = await startTestRedis({ tls: { certFile, keyFile } });
  const runners = await startRunners(redis.url, { t1: 100, t2: 100 });
  try {
    assert.match(redis.url, /^rediss:/);
    const json = join(dir, 'tls.json');
    const ran = await salvo([
      ...clusterRun(writeTest('tls', '/tls', 50, 2), redis.url, 2),
      '-o',
      `json=${json}`,
      '-q',
    ]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(count(readResults(json), 'http_reqs'), received.get('/tls'));
    // without the certificate trusted, the connection is refused: one line, no stack trace
    const untrusted = await salvo(['cluster', 'status', '--redis', redis.url], {
      env: { NODE_EXTRA_CA_CERTS: '' },
    });
    assertUsageError(untrusted, /cannot reach Redis at rediss:.*SALVO_ERR_CLUSTER/);
  } finally {
    delete process.env.NODE_EXTRA_CA_CERTS;
    await stopAll(runners, redis);
  }
});

test('bad cluster flags and an unreachable Redis: one line each, no stack trace', async () => {
  assertUsageError(await salvo(['runner']), /--redis URL is required.*SALVO_ERR_USAGE/);
  assertUsageError(
    await salvo(['runner', '--redis', 'redis://127.0.0.1:1', '--capacity', '0']),
    /--capacity must be a whole number >= 1/,
  );
  assertUsageError(
    await salvo(['run', '--url', target, '--runners-min', '2']),
    /--runners-min goes with --cluster URL/,
  );
  assertUsageError(
    await salvo(['run', '--url', target, '--cluster', 'redis://127.0.0.1:1', '--on-runner-lost', 'retry']),
    /--on-runner-lost must be reassign or stop, got retry/,
  );
  assertUsageError(
    await salvo(['cluster', 'status', '--redis', 'http://127.0.0.1:1']),
    /a Redis URL starts with redis:\/\/ or rediss:\/\//,
  );
  assertUsageError(
    await salvo(['cluster', 'status', '--redis', 'redis://:pw@127.0.0.1:1']),
    /cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1.*SALVO_ERR_CLUSTER/,
  );
});
