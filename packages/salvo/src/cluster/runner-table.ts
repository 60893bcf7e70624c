import type { RunnerRow } from './cluster-fleet.ts';

/** The per-runner table printed after the summary of a cluster run, and what happened. */
export function formatRunnerTable(
  rows: readonly RunnerRow[],
  notes: readonly string[],
  durationMs: number,
): string {
  const seconds = Math.max(durationMs, 1) / 1000;
  const header = ['runner', 'capacity', 'share', 'requests', 'req/s', 'cpu max', 'state'];
  const body = rows.map((row) => [
    row.name,
    String(row.capacity),
    row.shares.join(' + '),
    String(row.requests),
    (row.requests / seconds).toFixed(1),
    `${Math.round(row.cpuMax * 100)} %`,
    row.state,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, column) => (column >= 3 && column <= 5 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ')}`.trimEnd();
  return ['', 'runners', line(header), ...body.map(line), ...notes.map((note) => `  ! ${note}`), ''].join(
    '\n',
  );
}
