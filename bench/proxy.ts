/**
 * The fault proxy's own cost beside its peers, with no fault active: requests per CPU-second
 * of the proxy's process (req/s per core), and the p99 it adds to a fixed-rate load.
 *
 * nginx (the service) and the load generators share core 0; the proxy under test runs
 * alone on core 1, so its CPU time is its own. Targets:
 * - direct: no proxy (the latency baseline)
 * - salvo-proxy: `salvo proxy` with no fault
 * - salvo-proxy-idle-fault: with a fault whose route never matches (the decision path runs)
 * - haproxy-tcp, haproxy-http: Debian's HAProxy, one thread (mode tcp; mode http, keep-alive)
 * Toxiproxy, the reference fault proxy, is in neither Debian nor npm.
 *
 * Per target, per round: wrk -c 50 (C: it leaves the proxy the bottleneck) for the throughput phase (the proxy's CPU read
 * from /proc before and after), then `salvo run --url --rate R` for the latency phase (p99
 * from its HDR histogram). Rounds go round-robin so the machine's swings hit all alike.
 *
 * Run: node_modules/.bin/node bench/proxy.ts [--rounds 3] [--duration 5] [--rate 2000]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SALVO_CLI } from './lib/generators.ts';
import { freePort, startNginx } from './lib/nginx.ts';
import { parseProcStat } from './lib/proc-tree.ts';
import { ensureInstalled, findBinary, REQUIREMENTS } from './lib/setup.ts';
import { parseWrk } from './lib/wrk.ts';

const REPO_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const LATENCY_TEST = join('bench', 'proxy-latency-test.ts');
process.env.PATH = `${join(REPO_ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`;
const CLOCK_TICKS_PER_S = 100;
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    rate: { type: 'string', default: '500' },
    connections: { type: 'string', default: '50' },
  },
});
const rounds = Number(args.rounds);
const durationS = Number(args.duration);
const log = (line: string) => process.stderr.write(`bench proxy: ${line}\n`);

interface Target {
  readonly name: string;
  /** Starts the proxy in front of `origin` on `port`; undefined for `direct`. */
  start?(origin: URL, port: number, dir: string): ChildProcess;
}

const haproxy = (mode: 'tcp' | 'http'): Target => ({
  name: `haproxy-${mode}`,
  start: (origin, port, dir) => {
    const config = join(dir, `haproxy-${mode}.cfg`);
    writeFileSync(
      config,
      [
        'global',
        '  nbthread 1',
        '  maxconn 4096',
        'defaults',
        `  mode ${mode}`,
        '  timeout connect 5s',
        '  timeout client 60s',
        '  timeout server 60s',
        ...(mode === 'http' ? ['  option http-keep-alive', '  http-reuse always'] : []),
        'frontend in',
        `  bind 127.0.0.1:${port}`,
        '  default_backend out',
        'backend out',
        `  server s1 ${origin.host}`,
        '',
      ].join('\n'),
    );
    return spawn('taskset', ['-c', '1', 'haproxy', '-db', '-f', config], { stdio: 'ignore' });
  },
});

const salvoProxy = (name: string, faults: string[]): Target => ({
  name,
  start: (origin, port) =>
    spawn(
      'taskset',
      [
        '-c',
        '1',
        join(REPO_ROOT, SALVO_CLI),
        'proxy',
        '--listen',
        `127.0.0.1:${port}`,
        '--target',
        origin.origin,
        ...faults.flatMap((fault) => ['--fault', fault]),
      ],
      { stdio: 'ignore' },
    ),
});

const TARGETS: Target[] = [
  { name: 'direct' },
  salvoProxy('salvo-proxy', []),
  salvoProxy('salvo-proxy-idle-fault', ['http-error:route=/never']),
  haproxy('tcp'),
  haproxy('http'),
];

function cpuTicks(pid: number): number {
  return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).cpuTicks;
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      await res.arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`nothing answers on ${port}`);
}

function run(command: string, commandArgs: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', '0', command, ...commandArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${command} exited ${code}: ${err.trim().split('\n').at(-1)}`)),
    );
  });
}

interface Measured {
  requests: number;
  cpuSeconds: number;
  /** Through the proxy, and straight to the service in the same iterations. */
  p50Ms: number;
  p99Ms: number;
  directP50Ms: number;
  directP99Ms: number;
}

async function measure(target: Target, origin: URL, dir: string): Promise<Measured> {
  const port = target.start ? await freePort() : Number(origin.port);
  const child = target.start?.(origin, port, dir);
  try {
    await waitForPort(port);
    const url = `http://127.0.0.1:${port}/`;
    // taskset, env and the salvo command exec in turn: the proxy keeps the child's pid
    const pid = child?.pid ?? 0;
    const ticks0 = pid ? cpuTicks(pid) : 0;
    const throughput = parseWrk(
      await run('wrk', ['-t1', `-c${args.connections}`, `-d${durationS}s`, '--latency', url]),
    );
    const cpuSeconds = pid ? (cpuTicks(pid) - ticks0) / CLOCK_TICKS_PER_S : 0;
    const resultFile = join(dir, `${target.name}.json`);
    await run(
      join(REPO_ROOT, SALVO_CLI),
      ['run', join(REPO_ROOT, LATENCY_TEST), '--workers', '1', '--quiet', '--out', `json=${resultFile}`],
      {
        SALVO_BENCH_DIRECT: origin.href,
        SALVO_BENCH_PROXIED: url,
        SALVO_BENCH_RATE: args.rate as string,
        SALVO_BENCH_DURATION: `${durationS}s`,
      },
    );
    const { metrics } = JSON.parse(readFileSync(resultFile, 'utf8'));
    const p99 = (name: string) => metrics[`http_req_duration{name:${name}}`].values['p(99)'] as number;
    const p50 = (name: string) => metrics[`http_req_duration{name:${name}}`].values.med as number;
    return {
      requests: throughput.requests ?? 0,
      cpuSeconds,
      p50Ms: p50('proxied'),
      p99Ms: p99('proxied'),
      directP50Ms: p50('direct'),
      directP99Ms: p99('direct'),
    };
  } finally {
    child?.kill('SIGTERM');
    if (child) await new Promise((resolve) => child.once('exit', resolve));
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const missing = ensureInstalled(
  [REQUIREMENTS.nginx, REQUIREMENTS.wrk, { binary: 'haproxy', packages: ['haproxy'] }],
  log,
);
const targets = TARGETS.filter(
  (target) => !target.name.startsWith('haproxy') || findBinary('haproxy') !== null,
);
if (missing.size > 0) log(`haproxy: ${missing.get('haproxy')}; left out`);
const nginx = await startNginx({ core: 0, workerConnections: 4096, nofile: 8192 });
const dir = mkdtempSync(join(tmpdir(), 'salvo-bench-proxy-'));
const results = new Map<string, Measured[]>(targets.map((target) => [target.name, []]));
try {
  for (let round = 1; round <= rounds; round++) {
    for (const target of targets) {
      log(`round ${round}/${rounds}: ${target.name}`);
      results.get(target.name)?.push(await measure(target, new URL(nginx.origin), dir));
    }
  }
} finally {
  await nginx.stop();
  rmSync(dir, { recursive: true, force: true });
}

const rows = targets.map((target) => {
  const runs = results.get(target.name) as Measured[];
  return {
    name: target.name,
    reqPerS: median(runs.map((r) => r.requests / durationS)),
    reqPerCpuS: median(runs.map((r) => (r.cpuSeconds > 0 ? r.requests / r.cpuSeconds : Number.NaN))),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    directP99Ms: median(runs.map((r) => r.directP99Ms)),
    p50AddedMs: median(runs.map((r) => r.p50Ms - r.directP50Ms)),
    p99AddedMs: median(runs.map((r) => r.p99Ms - r.directP99Ms)),
  };
});
const salvo = rows.find((row) => row.name === 'salvo-proxy') as (typeof rows)[number];
console.log(
  `${rounds} rounds of ${durationS} s, medians; throughput: wrk -t1 -c${args.connections}; latency: ` +
    `${args.rate} iterations/s, each one request direct and one through the target, in turn\n`,
);
console.log(
  '| target | req/s | req per proxy CPU-s (per core) | ÷ salvo-proxy | p50 ms | p99 ms | p99 direct ms | p50 added ms | p99 added ms |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
const ms = (value: number) => value.toFixed(2);
for (const row of rows) {
  const perCore = Number.isNaN(row.reqPerCpuS) ? '-' : Math.round(row.reqPerCpuS).toString();
  const ratio = Number.isNaN(row.reqPerCpuS) ? '-' : (row.reqPerCpuS / salvo.reqPerCpuS).toFixed(2);
  console.log(
    `| ${row.name} | ${Math.round(row.reqPerS)} | ${perCore} | ${ratio} | ${ms(row.p50Ms)} | ${ms(row.p99Ms)} | ${ms(row.directP99Ms)} | ${ms(row.p50AddedMs)} | ${ms(row.p99AddedMs)} |`,
  );
}
