import type { ToolReport } from './types.ts';

/** Splits the table that follows `heading` (or the first one) into its header and Aggregated row. */
function aggregatedRow(text: string, headingPattern: RegExp): { header: string[]; row: string[] } | null {
  const start = text.search(headingPattern);
  if (start < 0) return null;
  const lines = text.slice(start).split('\n');
  const headerLine = lines.find((line) => line.startsWith('Type '));
  const rowLine = lines.find((line) => /^\s+Aggregated\s/.test(line));
  if (headerLine === undefined || rowLine === undefined) return null;
  return { header: headerLine.split(/\s+/), row: rowLine.trim().split(/\s+/) };
}

/**
 * Parses the summary locust prints on exit with --only-summary (its CSV files are
 * written on an interval and can lag the end). Latencies are whole ms.
 */
export function parseLocust(text: string): ToolReport {
  const stats = aggregatedRow(text, /^Type\s+Name\s+# reqs/m);
  if (!stats) throw new Error('locust: cannot find the Aggregated stats row in its output');
  // "Aggregated 30172 0(0.00%) | 1 0 23 2 | 10784.56 0.00"
  const [, requestsText, failsText] = stats.row;
  const reqPerSecText = stats.row.at(-2);
  const percentiles = aggregatedRow(text, /^Response time percentiles/m);
  const column = (label: string): number | null => {
    if (!percentiles) return null;
    // The header starts "Type Name", the row starts "Aggregated": one column fewer.
    const index = percentiles.header.indexOf(label) - 1;
    const value = Number(percentiles.row[index]);
    return index < 1 || !Number.isFinite(value) ? null : value;
  };
  const requests = Number(requestsText);
  const reqPerSec = Number(reqPerSecText);
  if (!Number.isFinite(requests) || !Number.isFinite(reqPerSec)) {
    throw new Error('locust: cannot read requests or req/s from the Aggregated row');
  }
  return {
    requests,
    reqPerSec,
    p50Ms: column('50%'),
    p99Ms: column('99%'),
    errors: Number.parseInt(failsText ?? '0', 10),
  };
}
