import { SalvoError } from '../errors.ts';
import { csvOutput } from './csv.ts';
import type { TextStream } from './format.ts';
import { htmlOutput } from './html.ts';
import { jsonOutput } from './json.ts';
import { progressOutput } from './progress.ts';
import { summaryOutput } from './summary.ts';
import type { Output } from './types.ts';

/**
 * Salvo's outputs: the terminal summary and progress line, and the `--out KIND=FILE` files.
 * The kinds of `--out` are one small table; a new kind is one entry.
 */

export { CSV_COLUMNS, csvOutput } from './csv.ts';
export type { TextStream } from './format.ts';
export { htmlOutput } from './html.ts';
export { jsonOutput, writeFileAtomic } from './json.ts';
export { type ProgressOptions, progressLine, progressOutput } from './progress.ts';
export { renderSummary, summaryOutput } from './summary.ts';
export type * from './types.ts';

const FILE_OUTPUTS = {
  json: jsonOutput,
  csv: csvOutput,
  html: htmlOutput,
} as const satisfies Record<string, (path: string) => Output>;

export type FileOutputKind = keyof typeof FILE_OUTPUTS;

export interface OutputSpec {
  readonly kind: FileOutputKind;
  readonly path: string;
}

function isFileOutputKind(kind: string): kind is FileOutputKind {
  return Object.hasOwn(FILE_OUTPUTS, kind);
}

/**
 * Parses one `--out` value, `KIND=FILE`.
 *
 * @example
 * parseOutputSpec('json=results/run.json'); // { kind: 'json', path: 'results/run.json' }
 */
export function parseOutputSpec(spec: string): OutputSpec {
  const known = Object.keys(FILE_OUTPUTS).join(', ');
  const eq = spec.indexOf('=');
  if (eq < 0) {
    throw new SalvoError('SALVO_ERR_USAGE', `--out "${spec}": expected KIND=FILE, e.g. json=results.json`);
  }
  const kind = spec.slice(0, eq).trim();
  const path = spec.slice(eq + 1).trim();
  if (!isFileOutputKind(kind)) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `--out "${spec}": unknown output kind "${kind}" (known: ${known})`,
    );
  }
  if (path === '')
    throw new SalvoError('SALVO_ERR_USAGE', `--out "${spec}": missing file name after "${kind}="`);
  return { kind, path };
}

export interface CreateOutputsOptions {
  /** Print the end-of-test summary to `stdout` (default true). */
  readonly summary?: boolean;
  /** Show live progress on `stderr` (default true). */
  readonly progress?: boolean;
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
  const files = specs.map(parseOutputSpec);
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const color = options.color ?? (stdout.isTTY === true && process.env.NO_COLOR === undefined);
  const outputs: Output[] = [];
  if (options.progress ?? true) outputs.push(progressOutput(stderr, { tty: stderr.isTTY === true }));
  if (options.summary ?? true) outputs.push(summaryOutput(stdout, { color }));
  for (const { kind, path } of files) outputs.push(FILE_OUTPUTS[kind](path));
  return outputs;
}
