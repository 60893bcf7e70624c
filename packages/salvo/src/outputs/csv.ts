import { ERROR_KINDS } from '../http/types.ts';
import { isoTime } from '../iso-time.ts';
import type { IntervalFigures, IntervalView, LatencyFigures } from '../results/index.ts';
import { ensureWritableDir, writeFileAtomic } from './json.ts';
import type { Output } from './types.ts';

/**
 * `--out csv=FILE`: one row per second per request name, plus a `*` row for the total.
 * Rows are kept in memory as strings and written atomically at the end: `interval` then
 * only formats (no I/O to queue or to race with `end`), and the file appears whole, as the
 * JSON document does. The cost is memory, about 200 bytes a row (an hour with 20 names is
 * ~15 MB), and nothing is written if the process is killed outright.
 */

const TOTAL_ROW_NAME = '*';

export const CSV_COLUMNS = [
  'time',
  'elapsed_s',
  'name',
  'requests',
  'failures',
  ...ERROR_KINDS.map((kind) => `err_${kind}`),
  'p50_ms',
  'p90_ms',
  'p95_ms',
  'p99_ms',
  'max_ms',
  'rt_p99_ms',
  'bytes_sent',
  'bytes_received',
  'vus',
] as const;

/** RFC 4180 quoting: a field with a comma, quote, CR or LF is quoted, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Milliseconds to µs precision, without trailing zeros; empty for no value. */
function ms(value: number | undefined): string {
  return value === undefined ? '' : String(Math.round(value * 1000) / 1000);
}

function latency(figures: LatencyFigures | undefined): string[] {
  return [figures?.p50, figures?.p90, figures?.p95, figures?.p99, figures?.max].map(ms);
}

/** The CSV line for one request name (or the total) in one interval, without the line end. */
function csvRow(view: IntervalView, name: string, figures: IntervalFigures): string {
  return [
    isoTime(view.startMs),
    String(Math.round(view.elapsedMs) / 1000),
    csvField(name),
    String(figures.requests),
    String(figures.failures),
    ...ERROR_KINDS.map((kind) => String(figures.errors[kind] ?? 0)),
    ...latency(figures.duration),
    ms(figures.responseTime?.p99),
    String(figures.bytesSent),
    String(figures.bytesReceived),
    String(view.vus),
  ].join(',');
}

/**
 * The CSV output; see the module comment for why rows are buffered.
 *
 * @example
 * const out = csvOutput('results/run.csv');
 */
export function csvOutput(path: string): Output {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  return {
    name: `csv=${path}`,
    async start() {
      await ensureWritableDir(path);
    },
    interval(view) {
      lines.push(csvRow(view, TOTAL_ROW_NAME, view.total));
      const names = Object.keys(view.byName).sort();
      for (const name of names) lines.push(csvRow(view, name, view.byName[name]!));
    },
    async end() {
      await writeFileAtomic(path, `${lines.join('\n')}\n`);
    },
  };
}
