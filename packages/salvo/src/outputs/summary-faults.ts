import type { ResultsDocument } from '../results/index.ts';
import { formatPercent, type Paint, row, truncateMiddle } from './format.ts';

/** The summary's view of the run's fault proxy (docs/proxy.md): what it injected, and what the client saw. */

const WIDTHS = [34, 16, 10, 10] as const;
const MAX_ROWS = 20;

/**
 * The faults in force with the proxy's counts; then, per request name and fault, the
 * requests the client saw marked and how many failed; then the requests left alone and
 * their own (real) failures.
 */
export function renderFaults(doc: ResultsDocument, paint: Paint): string[] {
  const faults = doc.faults;
  if (faults === undefined) return [];
  const total = Object.values(faults.injectedByKind).reduce((sum, n) => sum + n, 0);
  const kinds = Object.entries(faults.injectedByKind)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const lines = [
    `  ${paint('bold', 'FAULTS')}  proxy ${faults.proxy} -> ${faults.target} · injected ${total}${kinds ? ` (${kinds})` : ''}`,
  ];
  const log = faults.fromLog;
  if (log !== undefined) {
    // a standalone proxy: say where its log came from, and what could not be matched
    const left = [
      log.otherClients > 0 ? `${log.otherClients} for other machines` : '',
      log.missed > 0 ? `${log.missed} missed` : '',
    ].filter(Boolean);
    lines.push(
      `  log read from ${log.control}: ${log.entries} entries${left.length ? ` (${left.join(', ')})` : ''}`,
    );
  }
  lines.push(`  ${paint('dim', row(['fault', 'kind', 'eligible', 'injected'], WIDTHS))}`);
  for (const fault of faults.faults.slice(0, MAX_ROWS)) {
    const cells = [
      truncateMiddle(fault.name, WIDTHS[0]),
      fault.kind,
      String(fault.eligible),
      String(fault.injected),
    ];
    lines.push(`  ${row(cells, WIDTHS)}`);
  }
  lines.push(`  ${paint('dim', row(['request name (injected)', 'fault', 'requests', 'failed'], WIDTHS))}`);
  for (const entry of faults.byName.slice(0, MAX_ROWS)) {
    const cells = [
      truncateMiddle(entry.name, WIDTHS[0]),
      entry.fault,
      String(entry.requests),
      String(entry.failures),
    ];
    lines.push(`  ${row(cells, WIDTHS)}`);
  }
  if (faults.byName.length > MAX_ROWS)
    lines.push(paint('dim', `  … and ${faults.byName.length - MAX_ROWS} more (all in --out json)`));
  const { requests, failures } = faults.real;
  const ratio = requests === 0 ? '' : ` (${formatPercent(failures / requests)})`;
  const real = row(['real (not injected)', '', String(requests), String(failures)], WIDTHS);
  lines.push(`  ${failures > 0 ? paint('red', real) : real}${ratio}`);
  return lines;
}
