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
 * Per round: wrk -c 50 (C: it leaves the proxy the bottleneck) through each proxy alone after
 * a 2 s warm-up, its CPU read from /proc before and after; then the latency phase with every target up at once
 * and a Salvo test sending one request to each in turn per iteration at a fixed rate
 * (bench/proxy-latency-test.ts): p50 and p99 per target from the HDR histograms, taken at
 * the same moments, so the machine's swings hit all alike.
 *
 * Run: node_modules/.bin/node bench/proxy.ts [--rounds 3] [--duration 5] [--rate 200] [--connections 50]
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
    rate: { type: 'string', default: '200' },
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

interface Throughput {
  requests: number;
  cpuSeconds: number;
}

/** Starts `target` in front of `origin` on a free port; resolves once it answers. */
async function startTarget(
  target: Target,
  origin: URL,
  dir: string,
): Promise<{ url: string; child?: ChildProcess }> {
  if (!target.start) return { url: origin.href };
  const port = await freePort();
  const child = target.start(origin, port, dir);
  await waitForPort(port);
  return { url: `http://127.0.0.1:${port}/`, child };
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** wrk through one proxy, alone on core 1; its CPU read from /proc before and after. */
async function throughput(target: Target, origin: URL, dir: string): Promise<Throughput> {
  const { url, child } = await startTarget(target, origin, dir);
  try {
    await run('wrk', ['-t1', '-c10', '-d2s', url]); // warm-up, not counted
    // taskset, env and the salvo command exec in turn: the proxy keeps the child's pid
    const pid = child?.pid as number;
    const ticks0 = cpuTicks(pid);
    const report = parseWrk(
      await run('wrk', ['-t1', `-c${args.connections}`, `-d${durationS}s`, '--latency', url]),
    );
    return { requests: report.requests ?? 0, cpuSeconds: (cpuTicks(pid) - ticks0) / CLOCK_TICKS_PER_S };
  } finally {
    await stop(child);
  }
}

/** Every target at once, one request each per iteration: p50 and p99 per target (ms). */
async function latency(origin: URL, dir: string): Promise<Map<string, { p50: number; p99: number }>> {
  const started = await Promise.all(targets.map((target) => startTarget(target, origin, dir)));
  try {
    // each proxy warmed up first: a Node process just started runs cold code for its first
    // few thousand requests (the throughput phase's proxies were stopped and are gone)
    for (const { url } of started) await run('wrk', ['-t1', '-c10', '-d2s', url]);
    const resultFile = join(dir, 'latency.json');
    const urls = Object.fromEntries(targets.map((target, i) => [target.name, started[i]?.url]));
    await run(
      join(REPO_ROOT, SALVO_CLI),
      ['run', join(REPO_ROOT, LATENCY_TEST), '--workers', '1', '--quiet', '--out', `json=${resultFile}`],
      {
        SALVO_BENCH_TARGETS: JSON.stringify(urls),
        SALVO_BENCH_RATE: args.rate as string,
        SALVO_BENCH_DURATION: `${durationS}s`,
      },
    );
    const { metrics } = JSON.parse(readFileSync(resultFile, 'utf8'));
    return new Map(
      targets.map((target) => {
        const values = metrics[`http_req_duration{name:${target.name}}`].values;
        return [target.name, { p50: values.med as number, p99: values['p(99)'] as number }];
      }),
    );
  } finally {
    await Promise.all(started.map(({ child }) => stop(child)));
  }
}

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
const origin = new URL(nginx.origin);
const perCore = new Map<string, number[]>(targets.map((target) => [target.name, []]));
const rates = new Map<string, number[]>(targets.map((target) => [target.name, []]));
const latencies = new Map<string, { p50: number[]; p99: number[] }>(
  targets.map((target) => [target.name, { p50: [], p99: [] }]),
);
try {
  for (let round = 1; round <= rounds; round++) {
    for (const target of targets.filter((t) => t.start)) {
      log(`round ${round}/${rounds}: throughput through ${target.name}`);
      const measured = await throughput(target, origin, dir);
      perCore.get(target.name)?.push(measured.requests / measured.cpuSeconds);
      rates.get(target.name)?.push(measured.requests / durationS);
    }
    log(`round ${round}/${rounds}: latency, every target in turn`);
    for (const [name, { p50, p99 }] of await latency(origin, dir)) {
      latencies.get(name)?.p50.push(p50);
      latencies.get(name)?.p99.push(p99);
    }
  }
} finally {
  await nginx.stop();
  rmSync(dir, { recursive: true, force: true });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const salvoPerCore = median(perCore.get('salvo-proxy') ?? []);
const directP50 = median(latencies.get('direct')?.p50 ?? []);
const directP99 = median(latencies.get('direct')?.p99 ?? []);
console.log(
  `${rounds} rounds of ${durationS} s, medians. Throughput: wrk -t1 -c${args.connections} through each proxy alone ` +
    `(proxy on core 1, nginx and wrk on core 0). Latency: ${args.rate} iterations/s, each one request to every target in turn.\n`,
);
console.log(
  '| target | req/s | req per proxy CPU-s (per core) | ÷ salvo-proxy | p50 ms | p99 ms | p50 added ms | p99 added ms |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
const ms = (value: number) => value.toFixed(2);
for (const target of targets) {
  const core = median(perCore.get(target.name) ?? []);
  const { p50, p99 } = latencies.get(target.name) as { p50: number[]; p99: number[] };
  const direct = target.start === undefined;
  console.log(
    `| ${target.name} | ${direct ? '-' : Math.round(median(rates.get(target.name) ?? []))} | ${direct ? '-' : Math.round(core)} | ${direct ? '-' : (core / salvoPerCore).toFixed(2)} | ${ms(median(p50))} | ${ms(median(p99))} | ${direct ? '-' : ms(median(p50) - directP50)} | ${direct ? '-' : ms(median(p99) - directP99)} |`,
  );
}
