import type { ErrorEntry, RunData } from '../results/index.ts';
import { csvField } from './csv.ts';
import { requestPairs } from './csv-stats.ts';
import { ensureWritableDir, writeFileAtomic } from './json.ts';
import type { Output } from './types.ts';

/**
 * `--out csv-failures=FILE` (and `--csv PREFIX`'s `PREFIX_failures.csv`): Locust's failures
 * file, `Method,Name,Error,Occurrences`, one row per error group of the results' `errors`,
 * most first. Every error is there: failed requests by kind, failed checks and script
 * errors (Locust has only requests). Salvo counts errors by request name and kind, not by
 * method, so `Method` is the name's method when all its requests had one, else empty.
 */

export const FAILURES_COLUMNS = ['Method', 'Name', 'Error', 'Occurrences'] as const;

/** What went wrong, in one cell: the kind, then the first message seen. */
function errorText(entry: ErrorEntry): string {
  const detail = entry.message ?? entry.sample;
  const where = entry.location ? ` (${entry.location})` : '';
  return `${entry.kind}: ${detail.replace(/\s+/g, ' ').trim()}${where}`;
}

/** The one method each request name was sent with; names sent with several have none. */
function methodsByName(run: RunData | undefined): Map<string, string | undefined> {
  const methods = new Map<string, string | undefined>();
  if (!run) return methods;
  for (const { method, name } of requestPairs(run)) {
    methods.set(name, methods.has(name) ? undefined : method);
  }
  return methods;
}

/** The failures CSV: a header and a row per entry of the results' `errors`. */
export function failuresCsv(errors: readonly ErrorEntry[], run: RunData | undefined): string {
  const methods = methodsByName(run);
  const lines: string[] = [FAILURES_COLUMNS.join(',')];
  for (const entry of errors) {
    const request = entry.kind !== 'check' && entry.kind !== 'script';
    const method = request ? (methods.get(entry.name) ?? '') : '';
    lines.push([method, csvField(entry.name), csvField(errorText(entry)), String(entry.count)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The failures CSV output: the errors come from the document, the methods from the handle.
 *
 * @example
 * const out = csvFailuresOutput('results/run_failures.csv');
 */
export function csvFailuresOutput(path: string): Output {
  let run: RunData | undefined;
  return {
    name: `csv-failures=${path}`,
    async start() {
      await ensureWritableDir(path);
    },
    interval(view) {
      run = view.run;
    },
    async end(results) {
      await writeFileAtomic(path, failuresCsv(results.errors, run));
    },
  };
}
