import type { ResultsDocument, ServerSeries, ServerTarget } from '../results/index.ts';
import {
  byCodeUnit,
  formatBytes,
  formatMs,
  formatNumber,
  formatPercent,
  type Paint,
  row,
  truncateMiddle,
} from './format.ts';

/** The summary's view of the service's own metrics (`--scrape`, docs/scrape.md). */

const ROUTE_WIDTHS = [36, 9, 9, 11, 11] as const;
const MAX_ROUTES = 20;

/** One header line per scraped target: `12/15 scrapes ok from URL (last error: HTTP 500)`. */
export function serverHeaderLines(doc: ResultsDocument, label: (text: string) => string): string[] {
  return (doc.server?.targets ?? []).map((target) => `  ${label('server')}${scrapeStatus(target)}`);
}

function scrapeStatus(target: ServerTarget): string {
  const ok = target.scrapes - target.failures;
  const error = target.lastError ? ` (last error: ${target.lastError})` : '';
  return `metrics: ${ok}/${target.scrapes} scrapes ok from ${target.url}${error}`;
}

/**
 * Per route: requests and p95 over the run from the server's own histograms, beside the
 * client's p95 for the request name that equals the route template (when one does); then
 * DB time per table, cache hit ratios, and the process's CPU and memory.
 */
export function renderServer(doc: ResultsDocument, paint: Paint): string[] {
  const series = doc.server?.series ?? [];
  if (series.length === 0) return [];
  const find = (name: string, stat: string, target: string, labels: string) =>
    series.find(
      (s) => s.name === name && s.stat === stat && s.target === target && JSON.stringify(s.labels) === labels,
    );
  const lines: string[] = [];
  for (const target of doc.server?.targets ?? []) {
    const mine = series.filter((s) => s.target === target.url);
    if (mine.length === 0) continue;
    const header = ['SERVER ROUTES', 'requests', 'req/s', 'p95 server', 'p95 client'];
    lines.push(`  ${paint('bold', row(header, ROUTE_WIDTHS))}  ${paint('dim', target.url)}`);
    const routes = mine
      .filter((s) => s.name === 'http_request_duration_seconds' && s.stat === 'rate')
      .sort((a, b) => (b.total ?? 0) - (a.total ?? 0) || byCodeUnit(routeOf(a), routeOf(b)));
    for (const rate of routes.slice(0, MAX_ROUTES)) {
      const p95 = find(rate.name, 'p95', target.url, JSON.stringify(rate.labels))?.run;
      const client = doc.metrics[`http_req_duration{name:${routeOf(rate)}}`]?.values as
        | { 'p(95)'?: number }
        | undefined;
      const cells = [
        truncateMiddle(routeOf(rate), ROUTE_WIDTHS[0]),
        String(rate.total ?? 0),
        formatNumber(Math.round((rate.run ?? 0) * 100) / 100),
        p95 === undefined ? '-' : formatMs(p95),
        client?.['p(95)'] === undefined ? '-' : formatMs(client['p(95)']),
      ];
      lines.push(`  ${row(cells, ROUTE_WIDTHS)}`);
    }
    if (routes.length > MAX_ROUTES)
      lines.push(paint('dim', `  … and ${routes.length - MAX_ROUTES} more routes`));
    lines.push(...otherLines(mine, paint));
  }
  if (lines.length > 0)
    lines.push(
      paint('dim', '  server figures: histogram_quantile over the run; client p95 for the same name'),
    );
  return lines;
}

function otherLines(series: readonly ServerSeries[], paint: Paint): string[] {
  const lines: string[] = [];
  const pick = (name: string, stat: string) => series.filter((s) => s.name === name && s.stat === stat);
  const db = pick('db_query_duration_seconds', 'busy').map((busy) => {
    const p95 = series.find(
      (s) =>
        s.name === busy.name && s.stat === 'p95' && JSON.stringify(s.labels) === JSON.stringify(busy.labels),
    );
    const table = busy.labels.table ?? '';
    return `${table} ${formatMs((busy.run ?? 0) * 1000)}/s, p95 ${p95?.run === undefined ? '-' : formatMs(p95.run)}`;
  });
  if (db.length > 0) lines.push(`  ${paint('dim', 'db time')}   ${db.join(' · ')}`);
  const caches = pick('cache_hits_total', 'ratio').map(
    (ratio) => `${ratio.labels.cache ?? ''} ${formatPercent(ratio.run ?? 0)}`,
  );
  if (caches.length > 0) lines.push(`  ${paint('dim', 'cache hits')} ${caches.join(' · ')}`);
  const process: string[] = [];
  const cpu = pick('process_cpu_seconds_total', 'rate')[0]?.run;
  if (cpu !== undefined) process.push(`cpu ${formatNumber(Math.round(cpu * 100) / 100)} cores (mean)`);
  const memory = pick('process_resident_memory_bytes', 'value')[0]?.run;
  if (memory !== undefined) process.push(`memory ${formatBytes(memory)} (max)`);
  const inFlight = pick('http_requests_in_flight', 'value')[0]?.run;
  if (inFlight !== undefined) process.push(`in flight ${formatNumber(inFlight)} (max)`);
  if (process.length > 0) lines.push(`  ${paint('dim', 'process')}   ${process.join(' · ')}`);
  return lines;
}

function routeOf(series: ServerSeries): string {
  return series.labels.route ?? '';
}
