import { join } from 'node:path';
import { GENERATORS, type Generator, type GeneratorContext, salvoCommand } from './generators.ts';
import type { GoalResult } from './report.ts';
import { type Placement, runGenerator } from './run-generator.ts';
import type { SalvoReport } from './salvo.ts';
import type { BenchRow, TableRow } from './types.ts';

const MIB = 1024 * 1024;
const RATE_RPS = 2000;
const PRE_ALLOCATED_VUS = 100;

function generatorNamed(name: string): Generator {
  const generator = GENERATORS.find((g) => g.name === name);
  if (!generator) throw new Error(`no generator named ${name}`);
  return generator;
}

function mib(row: BenchRow): string {
  return `${((row.usage?.peakRssBytes ?? 0) / MIB).toFixed(1)} MiB`;
}

/**
 * (a) requests per CPU-second vs autocannon, from the table: the median of the per-round
 * ratios of `salvo-test` (a test file through the whole engine) when it ran, else of
 * `salvo` (--url); the other salvo rows are shown beside it.
 */
export function goalPerCore(rows: readonly TableRow[]): GoalResult {
  const ok = rows.filter((row) => row.status === 'ok' && row.tool.startsWith('salvo'));
  const used = ok.find((row) => row.tool === 'salvo-test') ?? ok.find((row) => row.tool === 'salvo');
  const show = (row: TableRow) => {
    const value = row.ratios.reqPerCpuSecondAc;
    return `${row.tool} ${value === null ? '–' : `${value.toFixed(2)}×`}`;
  };
  const beside = ok.filter((row) => row !== used).map(show);
  const value = used?.ratios.reqPerCpuSecondAc ?? null;
  const also = beside.length > 0 ? ` (also ${beside.join(', ')})` : '';
  return {
    id: 'a',
    title: 'salvo req/CPU-s vs autocannon',
    target: '≥ 1.40× (salvo-test, else salvo)',
    measured: used === undefined ? 'no salvo row' : `used ${show(used)}${also}`,
    pass: value === null ? null : value >= 1.4,
  };
}

/** A salvo goal run: its command line with `extra` flags, measured like the table's rows. */
async function runSalvo(ctx: GeneratorContext, placement: Placement, label: string, extra: string[]) {
  const resultFile = join(ctx.workDir, `${label}.json`);
  const command = salvoCommand(ctx, resultFile, extra);
  return runGenerator(generatorNamed('salvo'), ctx, placement, label, command);
}

function failedGoal(id: string, title: string, target: string, row: BenchRow): GoalResult {
  return { id, title, target, measured: `${row.status}: ${row.reason ?? ''}`, pass: null };
}

/** (b) peak RSS at 1 000 VUs, with autocannon at 1 000 connections beside it when it can run. */
async function goalThousandVus(
  ctx: GeneratorContext,
  placement: Placement,
  rows: BenchRow[],
): Promise<GoalResult> {
  const title = '1 000 VUs peak RSS';
  const target = '≤ 100 MiB';
  const row = await runSalvo(ctx, placement, 'salvo-1000-vus', ['--vus', '1000']);
  rows.push(row);
  if (row.status !== 'ok') return failedGoal('b', title, target, row);
  let beside = '';
  const autocannon = generatorNamed('autocannon');
  if (autocannon.unavailable(ctx) === null) {
    const acRow = await runGenerator(
      autocannon,
      { ...ctx, connections: 1000 },
      placement,
      'autocannon-1000-c',
    );
    rows.push(acRow);
    if (acRow.status === 'ok') beside = ` (autocannon -c 1000: ${mib(acRow)})`;
  }
  return {
    id: 'b',
    title,
    target,
    measured: `${mib(row)}${beside}`,
    pass: (row.usage?.peakRssBytes ?? 0) <= 100 * MIB,
  };
}

/** (c) constant arrival rate: http_reqs within 1 % of rate × duration. */
async function goalArrivalRate(
  ctx: GeneratorContext,
  placement: Placement,
  rows: BenchRow[],
): Promise<GoalResult> {
  const planned = RATE_RPS * ctx.durationS;
  const title = `${RATE_RPS} req/s for ${ctx.durationS} s`;
  const target = `${planned} ± 1 %`;
  const row = await runSalvo(ctx, placement, 'salvo-rate', [
    '--rate',
    String(RATE_RPS),
    '--vus',
    String(PRE_ALLOCATED_VUS),
  ]);
  rows.push(row);
  if (row.status !== 'ok' || !row.report) return failedGoal('c', title, target, row);
  const report = row.report as SalvoReport;
  const requests = report.requests ?? 0;
  const offBy = Math.abs(requests - planned) / planned;
  const measured = `${requests} (${(offBy * 100).toFixed(2)} % off), dropped ${report.droppedIterations}`;
  return { id: 'c', title, target, measured, pass: offBy <= 0.01 };
}

/** (d) 10 000 VUs against nginx within 1 GiB. */
async function goalTenThousandVus(
  ctx: GeneratorContext,
  placement: Placement,
  rows: BenchRow[],
): Promise<GoalResult> {
  const title = '10 000 VUs peak RSS';
  const target = '≤ 1 024 MiB';
  if (placement.nofile < 10_100) {
    return { id: 'd', title, target, measured: `open-file limit ${placement.nofile} < 10 100`, pass: null };
  }
  const row = await runSalvo(ctx, placement, 'salvo-10000-vus', ['--vus', '10000']);
  rows.push(row);
  if (row.status !== 'ok' || !row.report) return failedGoal('d', title, target, row);
  const measured = `${mib(row)}, ${Math.round(row.report.reqPerSec)} req/s, ${row.report.errors} errors`;
  return { id: 'd', title, target, measured, pass: (row.usage?.peakRssBytes ?? 0) <= 1024 * MIB };
}

/** Runs the engine goals (b)–(d) and derives (a); goal runs are appended to `goalRows`. */
export async function runGoals(
  ctx: GeneratorContext,
  placement: Placement,
  tableRows: readonly TableRow[],
  goalRows: BenchRow[],
  log: (line: string) => void,
): Promise<GoalResult[]> {
  const goals = [goalPerCore(tableRows)];
  for (const run of [goalThousandVus, goalArrivalRate, goalTenThousandVus]) {
    const goal = await run(ctx, placement, goalRows);
    log(`goal (${goal.id}) ${goal.title}: ${goal.measured}`);
    goals.push(goal);
  }
  return goals;
}
