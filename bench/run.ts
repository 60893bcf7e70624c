/**
 * Salvo beside its peers against nginx on loopback, in one run: the server pinned to
 * core 0, each generator in turn to core 1. Prints a markdown table and writes
 * bench/results/<timestamp>.json. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, hostname, release, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchOptions, isSelected, parseBenchArgs, USAGE } from './lib/args.ts';
import { GENERATORS, type GeneratorContext } from './lib/generators.ts';
import { runGoals } from './lib/goals.ts';
import { killRunningTrees } from './lib/measure.ts';
import { startNginx } from './lib/nginx.ts';
import { hardNofileLimit } from './lib/proc-tree.ts';
import { type GoalResult, renderGoals, renderNotes, renderTable } from './lib/report.ts';
import { summarizeRounds } from './lib/rounds.ts';
import { type Placement, runGenerator } from './lib/run-generator.ts';
import { ensureInstalled, REQUIREMENTS, type Requirement } from './lib/setup.ts';
import type { BenchRow, TableRow } from './lib/types.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = dirname(BENCH_DIR);
// The pinned Node 24 first on the PATH, as under npm scripts, for commands that start with
// `#!/usr/bin/env node` (the salvo command) when the bench is started directly.
process.env.PATH = `${join(REPO_ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`;
const NAMES = [...GENERATORS.map((g) => g.name), 'goals'];
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
/** Set on Ctrl-C: the run stops, prints nothing more and saves nothing. */
let interrupted = false;

function nodeBin(): string {
  const pinned = join(REPO_ROOT, 'node_modules', '.bin', 'node');
  return existsSync(pinned) ? pinned : process.execPath;
}

function describeRow(row: BenchRow): string {
  if (row.status !== 'ok' || !row.report) return `${row.tool}: ${row.status} (${row.reason ?? ''})`;
  const cpu = row.usage?.cpuSeconds.toFixed(2) ?? '?';
  return `${row.tool}: ${Math.round(row.report.reqPerSec)} req/s, ${cpu} CPU s, ${row.report.errors} errors`;
}

/** Installs what the selected tools need; returns why each unavailable binary is missing. */
function setUp(options: BenchOptions): Map<string, string> {
  const needed: Requirement[] = [REQUIREMENTS.nginx, REQUIREMENTS.time];
  for (const generator of GENERATORS) {
    if (generator.requirement && isSelected(options, generator.name)) needed.push(generator.requirement);
  }
  return ensureInstalled(needed, log);
}

/**
 * Runs the selected generators `options.rounds` times in round-robin order (each round
 * runs every one once); returns each round's rows, skipped generators included.
 */
async function runRounds(
  ctx: GeneratorContext,
  placement: Placement,
  options: BenchOptions,
  missing: Map<string, string>,
): Promise<BenchRow[][]> {
  const selected = GENERATORS.filter((generator) => isSelected(options, generator.name)).map((generator) => ({
    generator,
    skipped:
      (generator.requirement && missing.get(generator.requirement.binary)) ?? generator.unavailable(ctx),
  }));
  const rounds: BenchRow[][] = [];
  for (let round = 1; round <= options.rounds && !interrupted; round++) {
    const rows: BenchRow[] = [];
    for (const { generator, skipped } of selected) {
      if (interrupted) break;
      const row: BenchRow = skipped
        ? { tool: generator.name, status: 'skipped', reason: skipped }
        : await runGenerator(generator, ctx, placement);
      if (!skipped || round === 1) {
        log(`${options.rounds > 1 ? `round ${round}/${options.rounds}: ` : ''}${describeRow(row)}`);
      }
      rows.push(row);
    }
    rounds.push(rows);
  }
  return rounds;
}

/** Why the engine goals cannot run (not selected, no salvo CLI, or salvo's own row failed), or null. */
function whyNoGoals(options: BenchOptions, ctx: GeneratorContext, rows: readonly TableRow[]): string | null {
  if (!isSelected(options, 'goals')) return 'not selected';
  const cliMissing = GENERATORS.find((g) => g.name === 'salvo')?.unavailable(ctx);
  if (cliMissing) return cliMissing;
  const salvoRow = rows.find((row) => row.tool === 'salvo');
  return salvoRow && salvoRow.status !== 'ok' ? 'the salvo run failed' : null;
}

function writeResults(document: object): string {
  const dir = join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}

/** Runs the table and the goals against a started nginx; prints and saves the results. */
async function bench(
  ctx: GeneratorContext,
  placement: Placement,
  options: BenchOptions,
  missing: Map<string, string>,
) {
  const startedAt = new Date().toISOString();
  log(
    `nginx ${ctx.origin} on core 0; generators on core ${placement.core}; ${ctx.durationS} s, ${ctx.connections} connections each, ${options.rounds} round(s)`,
  );
  const rounds = await runRounds(ctx, placement, options, missing);
  const rows = summarizeRounds(rounds);
  const goalRows: BenchRow[] = [];
  let goals: GoalResult[] = [];
  const goalsSkipped = whyNoGoals(options, ctx, rows);
  if (goalsSkipped !== null) log(`goals: skipped (${goalsSkipped})`);
  else if (!interrupted) goals = await runGoals(ctx, placement, rows, goalRows, log);
  if (interrupted) return;
  const notes = renderNotes(rows);
  const medians =
    options.rounds > 1
      ? `\nMedians over ${options.rounds} rounds; ratios are medians of the per-round ratios.\n`
      : '';
  process.stdout.write(`${medians}\n${renderTable(rows)}\n${notes ? `\n${notes}\n` : ''}`);
  if (goals.length > 0) process.stdout.write(`\n${renderGoals(goals)}\n`);
  const file = writeResults({
    schema: 'salvo/bench',
    version: 2,
    startedAt,
    host: { name: hostname(), kernel: release(), cpu: cpus()[0]?.model ?? '', cores: availableParallelism() },
    node: execFileSync(ctx.nodeBin, ['--version'], { encoding: 'utf8' }).trim(),
    settings: {
      durationS: ctx.durationS,
      connections: ctx.connections,
      rounds: options.rounds,
      url: ctx.url,
      nofile: placement.nofile,
    },
    rows,
    rounds,
    goalRows,
    goals,
  });
  log(`results: ${file}`);
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2), NAMES);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : error}\n${USAGE}\n`);
    process.exit(1);
  }
  const missing = setUp(options);
  for (const [binary, reason] of missing) log(`${binary}: ${reason}`);
  const nginxMissing = missing.get(REQUIREMENTS.nginx.binary);
  if (nginxMissing) throw new Error(`nginx is required: ${nginxMissing}`);
  const twoCores = availableParallelism() > 1;
  if (!twoCores) log('one CPU only: server and generator share core 0, ratios mean even less');
  const nofile = hardNofileLimit();
  const placement: Placement = { core: twoCores ? 1 : 0, nofile };
  const server = await startNginx({ core: 0, nofile, workerConnections: Math.max(1024, nofile - 100) });
  const workDir = mkdtempSync(join(tmpdir(), 'salvo-bench-'));
  const cleanUp = async () => {
    killRunningTrees();
    await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      log(`${signal}: stopping the generator and nginx`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  const path = '/';
  const ctx: GeneratorContext = {
    url: `${server.origin}${path}`,
    origin: server.origin,
    path,
    durationS: options.durationS,
    connections: options.connections,
    workDir,
    repoRoot: REPO_ROOT,
    nodeBin: nodeBin(),
  };
  try {
    await bench(ctx, placement, options, missing);
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
