import type { ProcessUsage, TableRow, ToolReport } from './types.ts';

/** Requests completed per CPU-second of the generator's process tree. */
export function reqPerCpuSecond(report: ToolReport, usage: ProcessUsage, durationS: number): number | null {
  const requests = report.requests ?? report.reqPerSec * durationS;
  return usage.cpuSeconds > 0 ? requests / usage.cpuSeconds : null;
}

/** a / b, or null when either is missing or b is zero. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a == null || b == null || b === 0 ? null : a / b;
}

/** An engine goal from the issues, with what the bench measured for it. */
export interface GoalResult {
  id: string;
  title: string;
  target: string;
  measured: string;
  /** null when the goal could not be measured (its reason is in `measured`). */
  pass: boolean | null;
}

const MIB = 1024 * 1024;

function fixed(value: number | null | undefined, digits: number): string {
  return value == null ? '–' : value.toFixed(digits);
}

function grouped(value: number | null | undefined): string {
  return value == null ? '–' : Math.round(value).toLocaleString('en-US');
}

const COLUMNS = [
  'tool',
  'req/s',
  'requests',
  'req/CPU-s',
  'p50 ms',
  'p99 ms',
  'CPU s',
  'peak RSS MiB',
  'errors',
  'req/s ÷ac',
  'req/CPU-s ÷ac',
  'req/s ÷wrk',
  'req/CPU-s ÷wrk',
] as const;

/** One markdown row per generator, with its ratios to autocannon (ac) and wrk. */
export function renderTable(rows: readonly TableRow[]): string {
  const lines = [
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
  ];
  for (const row of rows) {
    if (row.status !== 'ok' || !row.report || !row.usage) {
      lines.push(`| ${row.tool} | ${row.status}: ${row.reason ?? ''} |${' |'.repeat(COLUMNS.length - 2)}`);
      continue;
    }
    const { report, usage, ratios } = row;
    const cells = [
      row.tool,
      grouped(report.reqPerSec),
      grouped(report.requests),
      grouped(row.reqPerCpuSecond),
      fixed(report.p50Ms, 2),
      fixed(report.p99Ms, 2),
      fixed(usage.cpuSeconds, 2),
      fixed(usage.peakRssBytes / MIB, 1),
      String(report.errors),
      fixed(ratios.reqPerSecAc, 2),
      fixed(ratios.reqPerCpuSecondAc, 2),
      fixed(ratios.reqPerSecWrk, 2),
      fixed(ratios.reqPerCpuSecondWrk, 2),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function renderGoals(goals: readonly GoalResult[]): string {
  const verdict = (pass: boolean | null) => (pass === null ? 'not measured' : pass ? 'pass' : 'FAIL');
  const lines = ['| goal | target | measured | verdict |', '|---|---|---|---|'];
  for (const goal of goals) {
    lines.push(`| (${goal.id}) ${goal.title} | ${goal.target} | ${goal.measured} | ${verdict(goal.pass)} |`);
  }
  return lines.join('\n');
}

/** Notes under the table: each tool's own remarks (how a figure was obtained) and its failed rounds. */
export function renderNotes(rows: readonly TableRow[]): string {
  const notes: string[] = [];
  for (const row of rows) {
    if (row.report?.note !== undefined) notes.push(`- ${row.tool}: ${row.report.note}`);
    const { run, ok } = row.rounds;
    if (ok > 0 && ok < run)
      notes.push(`- ${row.tool}: failed in ${run - ok} of ${run} rounds (${row.reason})`);
  }
  return notes.join('\n');
}
