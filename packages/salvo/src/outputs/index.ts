import { SalvoError } from '../errors.ts';
import { csvOutput } from './csv.ts';
import { csvFailuresOutput } from './csv-failures.ts';
import { csvStatsOutput } from './csv-stats.ts';
import type { TextStream } from './format.ts';
import { htmlOutput } from './html.ts';
import { jsonOutput } from './json.ts';
import { latencyOutput } from './latency.ts';
import { otlpOutput } from './otlp/index.ts';
import { progressOutput } from './progress.ts';
import type { PushOptions } from './push/pusher.ts';
import { prometheusRemoteWriteOutput } from './remote-write/index.ts';
import { summaryOutput } from './summary.ts';
import type { Output } from './types.ts';

/**
 * Salvo's outputs: the terminal summary and progress line, and the `--out KIND=FILE` files.
 * The kinds of `--out` are one small table; a new kind is one entry.
 */

export { CSV_COLUMNS, csvOutput } from './csv.ts';
export { csvFailuresOutput, FAILURES_COLUMNS } from './csv-failures.ts';
export { csvStatsOutput, STATS_COLUMNS } from './csv-stats.ts';
export { formatMsShort, formatNumber, formatPercent, type TextStream } from './format.ts';
export { htmlOutput } from './html.ts';
export { ensureWritableDir, jsonOutput, writeFileAtomic } from './json.ts';
export { latencyOutput, renderLatency } from './latency.ts';
export { otlpOutput } from './otlp/index.ts';
export { type ProgressOptions, progressLine, progressOutput } from './progress.ts';
export type { PushOptions, PushOutput } from './push/pusher.ts';
export { prometheusRemoteWriteOutput } from './remote-write/index.ts';
export { renderSummary, summaryOutput, textSummary } from './summary.ts';
export type * from './types.ts';

const FILE_OUTPUTS = {
  json: jsonOutput,
  csv: csvOutput,
  'csv-stats': csvStatsOutput,
  'csv-failures': csvFailuresOutput,
  html: htmlOutput,
} as const satisfies Record<string, (path: string) => Output>;

/** `--out KIND=URL`: the run pushed while it runs (docs/push.md); k6's names for them too. */
const PUSH_OUTPUTS = {
  'prometheus-rw': prometheusRemoteWriteOutput,
  'experimental-prometheus-rw': prometheusRemoteWriteOutput,
  otlp: otlpOutput,
  opentelemetry: otlpOutput,
} as const satisfies Record<string, (url: string, options: PushOptions) => Output>;

export type FileOutputKind = keyof typeof FILE_OUTPUTS;
export type PushOutputKind = keyof typeof PUSH_OUTPUTS;

export interface OutputSpec {
  readonly kind: FileOutputKind | PushOutputKind;
  /** The file, or for a push output the URL. */
  readonly path: string;
}

function isFileOutputKind(kind: string): kind is FileOutputKind {
  return Object.hasOwn(FILE_OUTPUTS, kind);
}

function isPushOutputKind(kind: string): kind is PushOutputKind {
  return Object.hasOwn(PUSH_OUTPUTS, kind);
}

/**
 * Parses one `--out` value, `KIND=FILE` (or `KIND=URL` for a push output).
 *
 * @example
 * parseOutputSpec('json=results/run.json'); // { kind: 'json', path: 'results/run.json' }
 */
export function parseOutputSpec(spec: string): OutputSpec {
  const known = [...Object.keys(FILE_OUTPUTS), ...Object.keys(PUSH_OUTPUTS)].join(', ');
  const eq = spec.indexOf('=');
  if (eq < 0) {
    const expected = isPushOutputKind(spec.trim())
      ? `expected ${spec.trim()}=URL (docs/push.md)`
      : 'expected KIND=FILE, e.g. json=results.json';
    throw new SalvoError('SALVO_ERR_USAGE', `--out "${spec}": ${expected}`);
  }
  const kind = spec.slice(0, eq).trim();
  const path = spec.slice(eq + 1).trim();
  if (!isFileOutputKind(kind) && !isPushOutputKind(kind)) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `--out "${spec}": unknown output kind "${kind}" (known: ${known})`,
    );
  }
  if (path === '') {
    const what = isPushOutputKind(kind) ? 'URL' : 'file name';
    throw new SalvoError('SALVO_ERR_USAGE', `--out "${spec}": missing ${what} after "${kind}="`);
  }
  return { kind, path };
}

export interface CreateOutputsOptions {
  /** Print the end-of-test summary to `stdout` (default true). */
  readonly summary?: boolean;
  /** Show live progress on `stderr` (default true). */
  readonly progress?: boolean;
  /** `--latency`: the latency distribution after the summary, on `stdout` (default false). */
  readonly latency?: boolean;
  /** `--csv PREFIX` (Locust's): PREFIX_stats.csv, PREFIX_failures.csv and PREFIX_history.csv. */
  readonly csvPrefix?: string;
  /** ANSI colours in the summary (default: stdout is a TTY and NO_COLOR is unset). */
  readonly color?: boolean;
  readonly stdout?: TextStream;
  readonly stderr?: TextStream;
}

/**
 * The outputs for a run: progress (stderr), summary (stdout), then one per `--out` spec.
 * Throws SalvoError('SALVO_ERR_USAGE') for a bad spec, before anything starts.
 *
 * @example
 * const outputs = createOutputs(['json=run.json', 'csv=run.csv'], { color: false });
 */
export function createOutputs(specs: readonly string[], options: CreateOutputsOptions = {}): Output[] {
  const files = [...specs.map(parseOutputSpec), ...csvPrefixSpecs(options.csvPrefix)];
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const color = options.color ?? (stdout.isTTY === true && process.env.NO_COLOR === undefined);
  const outputs: Output[] = [];
  if (options.progress ?? true) outputs.push(progressOutput(stderr, { tty: stderr.isTTY === true }));
  if (options.summary ?? true) outputs.push(summaryOutput(stdout, { color }));
  if (options.latency) outputs.push(latencyOutput(stdout, { color }));
  for (const { kind, path } of files) {
    outputs.push(isPushOutputKind(kind) ? PUSH_OUTPUTS[kind](path, { stderr }) : FILE_OUTPUTS[kind](path));
  }
  return outputs;
}

/** Locust's `--csv PREFIX` files: its names, with Salvo's per-second CSV as the history. */
function csvPrefixSpecs(prefix: string | undefined): OutputSpec[] {
  if (prefix === undefined) return [];
  if (prefix.trim() === '')
    throw new SalvoError('SALVO_ERR_USAGE', '--csv needs a file name prefix, e.g. --csv results/run');
  return [
    { kind: 'csv-stats', path: `${prefix}_stats.csv` },
    { kind: 'csv-failures', path: `${prefix}_failures.csv` },
    { kind: 'csv', path: `${prefix}_history.csv` },
  ];
}
