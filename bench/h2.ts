/**
 * Salvo's HTTP/2 beside h2load against nginx (HTTP/2 over TLS and h2c) on loopback: the
 * server pinned to core 0, each generator in turn to core 1, in pairs run back to back and
 * repeated for several rounds, so each ratio compares two runs a few seconds apart on a
 * machine others share. Then the goal runs: 1 000 VUs over HTTP/2. Prints markdown and
 * writes bench/results/h2-<timestamp>.json. See bench/README.md.
 *
 * Run: node_modules/.bin/node bench/h2.ts [--duration 10s] [--rounds 3] [--connections 50] [--skip goals]
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDurationS } from './lib/args.ts';
import type { GeneratorContext } from './lib/generators.ts';
import { h2Pairs, salvoH2Test } from './lib/h2-generators.ts';
import { startH2Nginx } from './lib/h2-nginx.ts';
import { killRunningTrees } from './lib/measure.ts';
import { hardNofileLimit } from './lib/proc-tree.ts';
import { ratio } from './lib/report.ts';
import { median } from './lib/rounds.ts';
import { type Placement, runGenerator } from './lib/run-generator.ts';
import { ensureInstalled, REQUIREMENTS } from './lib/setup.ts';
import type { BenchRow } from './lib/types.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = dirname(BENCH_DIR);
process.env.PATH = `${join(REPO_ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`;
const MIB = 1024 * 1024;
/** The goal is 150 MB (decimal): 143.1 MiB. */
const THOUSAND_VUS_LIMIT_BYTES = 150e6;
const PER_CORE_GOAL = 0.5;
const log = (line: string) => process.stderr.write(`bench h2: ${line}\n`);

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10s' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    skip: { type: 'string', default: '' },
  },
});

function summary(row: BenchRow): string {
  if (row.status !== 'ok' || !row.report || !row.usage) return `${row.status} (${row.reason ?? ''})`;
  return `${Math.round(row.report.reqPerSec)} req/s, ${Math.round(row.reqPerCpuSecond ?? 0)} req/CPU-s, ${row.usage.cpuSeconds.toFixed(2)} CPU s, ${(row.usage.peakRssBytes / MIB).toFixed(1)} MiB, ${row.report.errors} errors`;
}

/** The peak's mapped-file part (the node binary's pages: machine-dependent, docs/http.md). */
function fileMiB(row: BenchRow): string {
  const bytes = row.usage?.peakFileRssBytes;
  return bytes === undefined ? '–' : `${(bytes / MIB).toFixed(1)} MiB`;
}

function fixed(value: number | null | undefined, digits: number): string {
  return value == null ? '–' : value.toFixed(digits);
}

async function main(): Promise<void> {
  const durationS = parseDurationS(args.duration);
  const rounds = Number(args.rounds);
  const skip = args.skip.split(',').filter(Boolean);
  const missing = ensureInstalled([REQUIREMENTS.nginx, REQUIREMENTS.time, REQUIREMENTS.h2load], log);
  for (const [binary, reason] of missing) throw new Error(`${binary}: ${reason}`);
  const nofile = hardNofileLimit();
  const placement: Placement = { core: availableParallelism() > 1 ? 1 : 0, nofile };
  const server = await startH2Nginx({ core: 0, nofile, workerConnections: Math.max(1024, nofile - 100) });
  const workDir = mkdtempSync(join(tmpdir(), 'salvo-bench-h2-'));
  const cleanUp = async () => {
    killRunningTrees();
    await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }
  const targets = { tlsUrl: `${server.tlsOrigin}/`, h2cUrl: `${server.h2cOrigin}/` };
  const ctx: GeneratorContext = {
    url: targets.tlsUrl,
    origin: server.tlsOrigin,
    path: '/',
    durationS,
    connections: Number(args.connections),
    workDir,
    repoRoot: REPO_ROOT,
    nodeBin: existsSync(join(REPO_ROOT, 'node_modules', '.bin', 'node'))
      ? join(REPO_ROOT, 'node_modules', '.bin', 'node')
      : process.execPath,
  };
  try {
    const pairs = h2Pairs(targets).filter((pair) => !skip.includes(pair.salvo.name));
    const runs = pairs.map(() => [] as { salvo: BenchRow; peer: BenchRow; ratio: number | null }[]);
    for (let round = 1; round <= rounds; round++) {
      for (const [i, pair] of pairs.entries()) {
        const peer = await runGenerator(pair.peer, ctx, placement);
        const salvo = await runGenerator(pair.salvo, ctx, placement);
        const perCore = ratio(salvo.reqPerCpuSecond, peer.reqPerCpuSecond);
        log(`round ${round}/${rounds}: ${pair.peer.name}: ${summary(peer)}`);
        log(
          `round ${round}/${rounds}: ${pair.salvo.name}: ${summary(salvo)}; ÷ ${pair.peer.name} ${fixed(perCore, 2)}`,
        );
        runs[i]?.push({ salvo, peer, ratio: perCore });
      }
    }
    const lines = [
      `HTTP/2, ${ctx.connections} VUs or streams, ${durationS} s runs, ${rounds} round(s); medians over the rounds.`,
      '',
      '| pair | salvo row | req/s | req/CPU-s | peak RSS MiB | errors | peer | req/s | req/CPU-s | req/CPU-s ÷ peer, by round | median |',
      '|---|---|---:|---:|---:|---:|---|---:|---:|---|---:|',
    ];
    const medians: Record<string, number | null> = {};
    for (const [i, pair] of pairs.entries()) {
      const pairRuns = runs[i] ?? [];
      const ok = (rows: BenchRow[]) => rows.filter((row) => row.status === 'ok');
      const salvoRows = ok(pairRuns.map((run) => run.salvo));
      const peerRows = ok(pairRuns.map((run) => run.peer));
      const middle = median(pairRuns.map((run) => run.ratio));
      medians[pair.salvo.name] = middle;
      lines.push(
        `| ${pair.title} | ${pair.salvo.name} | ${fixed(median(salvoRows.map((r) => r.report?.reqPerSec)), 0)} | ${fixed(median(salvoRows.map((r) => r.reqPerCpuSecond)), 0)} | ${fixed(Math.max(0, ...salvoRows.map((r) => (r.usage?.peakRssBytes ?? 0) / MIB)), 1)} | ${salvoRows.reduce((n, r) => n + (r.report?.errors ?? 0), 0)} | ${pair.peer.name} | ${fixed(median(peerRows.map((r) => r.report?.reqPerSec)), 0)} | ${fixed(median(peerRows.map((r) => r.reqPerCpuSecond)), 0)} | ${pairRuns.map((run) => fixed(run.ratio, 2)).join(', ')} | ${fixed(middle, 2)} |`,
      );
    }
    const goals: { title: string; target: string; measured: string; pass: boolean | null }[] = [];
    const perCore = medians['salvo-h2'];
    goals.push({
      title: 'salvo-h2 req/CPU-s ÷ h2load -c N -m 1',
      target: `≥ ${PER_CORE_GOAL}×`,
      measured: fixed(perCore, 2),
      pass: perCore == null ? null : perCore >= PER_CORE_GOAL,
    });
    const goalRows: BenchRow[] = [];
    if (!skip.includes('goals')) {
      const row = await runGenerator(
        salvoH2Test(targets, 'salvo-h2-1000-vus'),
        { ...ctx, connections: 1000 },
        placement,
      );
      goalRows.push(row);
      log(`goal 1 000 VUs over HTTP/2: ${summary(row)}`);
      const peakMiB = (row.usage?.peakRssBytes ?? 0) / MIB;
      goals.push({
        title: '1 000 VUs over HTTP/2 (TLS), peak RSS',
        target: `≤ 150 MB (${(THOUSAND_VUS_LIMIT_BYTES / MIB).toFixed(1)} MiB)`,
        measured:
          row.status === 'ok'
            ? `${peakMiB.toFixed(1)} MiB (${fileMiB(row)} of it mapped files), ${Math.round(row.report?.reqPerSec ?? 0)} req/s, ${row.report?.errors} errors`
            : `${row.status}: ${row.reason}`,
        pass: row.status === 'ok' ? peakMiB * MIB <= THOUSAND_VUS_LIMIT_BYTES : null,
      });
    }
    lines.push('', '| goal | target | measured | pass |', '|---|---|---|---|');
    for (const goal of goals)
      lines.push(
        `| ${goal.title} | ${goal.target} | ${goal.measured} | ${goal.pass === null ? '–' : goal.pass ? 'yes' : 'no'} |`,
      );
    process.stdout.write(`${lines.join('\n')}\n`);
    const dir = join(BENCH_DIR, 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `h2-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ schema: 'salvo/bench-h2', version: 1, durationS, rounds, connections: ctx.connections, pairs: pairs.map((pair, i) => ({ title: pair.title, salvo: pair.salvo.name, peer: pair.peer.name, runs: runs[i] })), goals, goalRows }, null, 2)}\n`,
    );
    log(`results: ${file}`);
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench h2: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
