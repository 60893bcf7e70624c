import type { RunData } from '../results/index.ts';
import { csvField } from './csv.ts';
import { byCodeUnit } from './format.ts';
import { ensureWritableDir, writeFileAtomic } from './json.ts';
import type { Output } from './types.ts';

/**
 * `--out csv-stats=FILE` (and `--csv PREFIX`'s `PREFIX_stats.csv`): Locust's end-of-run
 * stats, one row per (method, request name) and a last `Aggregated` row, with Locust's
 * columns. Read at the end from the run handle's counters and HDR histograms, so every
 * percentile is exact (Locust rounds its own to two significant digits).
 */

const PERCENTILES = [50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100] as const;

export const STATS_COLUMNS = [
  'Type',
  'Name',
  'Request Count',
  'Failure Count',
  'Median Response Time',
  'Average Response Time',
  'Min Response Time',
  'Max Response Time',
  'Average Content Size',
  'Requests/s',
  'Failures/s',
  ...PERCENTILES.map((p) => `${p}%`),
] as const;

/** To µs precision without trailing zeros (times in ms, rates, sizes); empty for no value. */
function figure(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '' : String(Math.round(value * 1000) / 1000);
}

/** Every (method, name) pair that sent requests, sorted by name, then method. */
export function requestPairs(run: RunData): { method: string; name: string }[] {
  const pairs = new Map<string, { method: string; name: string }>();
  for (const series of run.cumulative.series()) {
    const { name, method } = series.tags;
    if (series.metric !== 'http_reqs' || name === undefined || method === undefined) continue;
    pairs.set(`${method} ${name}`, { method, name });
  }
  return [...pairs.values()].sort((a, b) => byCodeUnit(a.name, b.name) || byCodeUnit(a.method, b.method));
}

/** One row's cells: the requests with these tags (all of them for `{}`). */
function statsRow(run: RunData, type: string, name: string, tags: Record<string, string>, seconds: number) {
  const count = (metric: string) => {
    const values = run.cumulative.query(metric, tags)?.values;
    return values && 'count' in values ? values.count : 0;
  };
  const requests = count('http_reqs');
  const failed = run.cumulative.query('http_req_failed', tags)?.values;
  // k6's http_req_failed: a failed request is a `true` sample, counted in `passes`
  const failures = failed && 'passes' in failed ? failed.passes : 0;
  const histogram = run.cumulative.query('http_req_duration', tags)?.histogram;
  const measured = histogram !== undefined && histogram.count > 0;
  const percentiles = measured ? histogram.percentiles(PERCENTILES) : [];
  return [
    csvField(type),
    csvField(name),
    String(requests),
    String(failures),
    figure(percentiles[0]),
    figure(measured ? histogram.mean : undefined),
    figure(measured ? histogram.min : undefined),
    figure(measured ? histogram.max : undefined),
    figure(requests > 0 ? count('data_received') / requests : 0),
    figure(seconds > 0 ? requests / seconds : 0),
    figure(seconds > 0 ? failures / seconds : 0),
    ...PERCENTILES.map((_, i) => figure(percentiles[i])),
  ].join(',');
}

/**
 * The stats CSV of a run: a header, a row per (method, name), the `Aggregated` row. With no
 * handle (no second was ever merged: nothing was measured) only the header and a zero row.
 */
export function statsCsv(run: RunData | undefined, durationMs: number): string {
  const seconds = durationMs / 1000;
  const lines: string[] = [STATS_COLUMNS.join(',')];
  if (run) {
    for (const { method, name } of requestPairs(run)) {
      lines.push(statsRow(run, method, name, { name, method }, seconds));
    }
    lines.push(statsRow(run, '', 'Aggregated', {}, seconds));
  } else {
    lines.push(
      ['', 'Aggregated', '0', '0', '', '', '', '', '0', '0', '0', ...PERCENTILES.map(() => '')].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The stats CSV output: keeps the run handle from the first merged second, writes at the end.
 *
 * @example
 * const out = csvStatsOutput('results/run_stats.csv');
 */
export function csvStatsOutput(path: string): Output {
  let run: RunData | undefined;
  return {
    name: `csv-stats=${path}`,
    async start() {
      await ensureWritableDir(path);
    },
    interval(view) {
      run = view.run;
    },
    async end(results) {
      await writeFileAtomic(path, statsCsv(run, results.meta.durationMs));
    },
  };
}
