import { ratio } from './report.ts';
import type { BenchRow, ProcessUsage, RowRatios, TableRow, ToolReport } from './types.ts';

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const sorted = values.filter((value): value is number => value != null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

type Ok = BenchRow & { report: ToolReport; usage: ProcessUsage };
/** A generator's row in one round, with that round's other rows. */
interface Run<R extends BenchRow = BenchRow> {
  row: R;
  round: readonly BenchRow[];
}

function isOk(row: BenchRow | undefined): row is Ok {
  return row?.status === 'ok' && row.report !== undefined && row.usage !== undefined;
}

/** One round's ratios of `row` to that round's autocannon and wrk rows. */
function roundRatios(row: Ok, round: readonly BenchRow[]): RowRatios {
  const reference = (name: string) => {
    const found = round.find((r) => r.tool === name);
    return isOk(found) ? found : undefined;
  };
  const ac = reference('autocannon');
  const wrk = reference('wrk');
  return {
    reqPerSecAc: ratio(row.report.reqPerSec, ac?.report.reqPerSec),
    reqPerCpuSecondAc: ratio(row.reqPerCpuSecond, ac?.reqPerCpuSecond),
    reqPerSecWrk: ratio(row.report.reqPerSec, wrk?.report.reqPerSec),
    reqPerCpuSecondWrk: ratio(row.reqPerCpuSecond, wrk?.reqPerCpuSecond),
  };
}

function medianRatios(perRound: readonly RowRatios[]): RowRatios {
  const of = (key: keyof RowRatios) => median(perRound.map((ratios) => ratios[key]));
  return {
    reqPerSecAc: of('reqPerSecAc'),
    reqPerCpuSecondAc: of('reqPerCpuSecondAc'),
    reqPerSecWrk: of('reqPerSecWrk'),
    reqPerCpuSecondWrk: of('reqPerCpuSecondWrk'),
  };
}

/** One generator's rows over the rounds, with the ratios of each ok row's round. */
function summarizeTool(runs: readonly Run[]): TableRow {
  const first = runs[0]!.row;
  const ok = runs.filter((run): run is Run<Ok> => isOk(run.row));
  const failure = runs.find((run) => run.row.status !== 'ok')?.row;
  const rounds = { run: runs.length, ok: ok.length };
  const firstOk = ok[0]?.row;
  if (firstOk === undefined) {
    return { tool: first.tool, status: first.status, reason: first.reason, rounds, ratios: medianRatios([]) };
  }
  const reports = ok.map((run) => run.row.report);
  const usages = ok.map((run) => run.row.usage);
  const report: ToolReport = {
    requests: median(reports.map((r) => r.requests)),
    reqPerSec: median(reports.map((r) => r.reqPerSec))!,
    p50Ms: median(reports.map((r) => r.p50Ms)),
    p99Ms: median(reports.map((r) => r.p99Ms)),
    errors: reports.reduce((sum, r) => sum + r.errors, 0),
    note: firstOk.report.note,
  };
  const usage: ProcessUsage = {
    wallSeconds: median(usages.map((u) => u.wallSeconds))!,
    cpuSeconds: median(usages.map((u) => u.cpuSeconds))!,
    peakRssBytes: Math.max(...usages.map((u) => u.peakRssBytes)),
    cpuSource: firstOk.usage.cpuSource,
  };
  return {
    tool: first.tool,
    status: 'ok',
    reason: failure?.reason,
    report,
    usage,
    reqPerCpuSecond: median(ok.map((run) => run.row.reqPerCpuSecond)) ?? undefined,
    rounds,
    ratios: medianRatios(ok.map((run) => roundRatios(run.row, run.round))),
  };
}

/**
 * The table's rows, in the order the generators first ran, from the rows of every round:
 * a generator's figures are its medians over its ok rounds, and its
 * ratios the medians of the per-round ratios, which cancels slow drifts of the machine.
 */
export function summarizeRounds(rounds: readonly (readonly BenchRow[])[]): TableRow[] {
  const byTool = new Map<string, Run[]>();
  for (const round of rounds) {
    for (const row of round) {
      const runs = byTool.get(row.tool) ?? [];
      runs.push({ row, round });
      byTool.set(row.tool, runs);
    }
  }
  return [...byTool.values()].map(summarizeTool);
}
