import { SalvoError, userErrorLines } from '../errors.ts';
import type { TestDefinition } from '../plan/types.ts';
import type { ResultsDocument } from '../results/index.ts';
import { describeScriptError } from './script-error-detail.ts';

/**
 * The test's `onSummary(results)` (k6's handleSummary), in the main thread after the run
 * (docs/behaviour.md#onsummary). It returns what to write: `stdout` and `stderr` are
 * printed here, every other key is a file path (relative to the working directory) that
 * the coordinator writes atomically beside the other outputs. A hook that ran replaces the
 * default summary; one that throws, or returns something that is not such a map, is one
 * SALVO_ERR_SCRIPT line and the default summary is printed instead (as k6 falls back to
 * its own): the results are never lost to a bug in it.
 */

export interface SummaryHookOutcome {
  /** The hook ran and said what to write: the default summary is left out. */
  readonly replacesSummary: boolean;
  readonly files: readonly { readonly path: string; readonly data: string | Uint8Array }[];
}

const NOTHING: SummaryHookOutcome = { replacesSummary: false, files: [] };

/** A value as written: a string or bytes as they are, anything else as indented JSON. */
function content(value: unknown, key: string): string | Uint8Array {
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (typeof value === 'object' && value !== null) return `${JSON.stringify(value, null, 2)}\n`;
  throw new Error(`"${key}" must be a string or an object, got ${value === null ? 'null' : typeof value}`);
}

/** The hook's map, checked whole before anything is printed or written. */
function readOutcome(returned: unknown): SummaryHookOutcome {
  if (returned === undefined) return { replacesSummary: true, files: [] };
  if (typeof returned !== 'object' || returned === null || Array.isArray(returned)) {
    throw new Error('must return { path: content, stdout?: text } or nothing');
  }
  const entries = Object.entries(returned).map(([key, value]) => [key, content(value, key)] as const);
  for (const [key, data] of entries) {
    if (key === 'stdout') process.stdout.write(data);
    else if (key === 'stderr') process.stderr.write(data);
  }
  return {
    replacesSummary: true,
    files: entries
      .filter(([key]) => key !== 'stdout' && key !== 'stderr')
      .map(([path, data]) => ({ path, data })),
  };
}

/**
 * Runs the hook with a copy of the document (what it changes does not reach the JSON file).
 *
 * @example
 * const hook = await runSummaryHook(plan.onSummary, results);
 */
export async function runSummaryHook(
  hook: TestDefinition['onSummary'],
  results: ResultsDocument,
): Promise<SummaryHookOutcome> {
  if (!hook) return NOTHING;
  try {
    return readOutcome(await hook(structuredClone(results)));
  } catch (error) {
    const { message, location } = describeScriptError(error);
    const failure = new SalvoError(
      'SALVO_ERR_SCRIPT',
      `onSummary failed: ${message}${location ? ` (${location})` : ''}`,
      'the default summary is printed instead',
    );
    for (const line of userErrorLines(failure)) process.stderr.write(`salvo: ${line}\n`);
    return NOTHING;
  }
}
