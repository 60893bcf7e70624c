import type { ErrorEntry, ResultsDocument } from '../results/index.ts';
import { type Paint, truncateEnd, truncateMiddle } from './format.ts';

const MAX_ROWS = 10;

/** A script error grouped by message and location (the errors table has one row per group). */
export function isScriptErrorGroup(entry: ErrorEntry): boolean {
  return entry.kind === 'script' && entry.message !== undefined;
}

/**
 * Script errors as Locust's exceptions table shows them: one line per (place, message,
 * location), the most frequent first: count, where (scenario, task, onStart, onStop,
 * think, teardown), the message's first line and the user's file:line:col.
 */
export function renderScriptErrors(doc: ResultsDocument, paint: Paint): string[] {
  const groups = doc.errors.filter(isScriptErrorGroup);
  if (groups.length === 0) return [];
  const lines = [`  ${paint('bold', 'SCRIPT ERRORS')}  ${paint('dim', 'count  where  message  at')}`];
  for (const e of groups.slice(0, MAX_ROWS)) {
    const count = paint('red', String(e.count).padStart(8));
    const where = truncateMiddle(e.name, 12).padEnd(12);
    const message = truncateEnd(e.message ?? '', 44).padEnd(44);
    const at = truncateMiddle(e.location ?? '', 28);
    lines.push(`  ${count}  ${where}  ${message}  ${paint('dim', at)}`.trimEnd());
  }
  if (groups.length > MAX_ROWS) {
    lines.push(paint('dim', `  … and ${groups.length - MAX_ROWS} more (all in --out json)`));
  }
  return lines;
}
