import { DEFAULT_TREND_STATS } from '../plan/trend-stats.ts';
import type { MetricSummary, ResultsDocument, TrendValues } from '../results/index.ts';
import {
  byCodeUnit,
  formatBytes,
  formatMs,
  formatMsShort,
  formatNumber,
  formatPercent,
  type Paint,
  row,
  truncateEnd,
  truncateMiddle,
} from './format.ts';

/** The summary's metric sections: trends as a table, the other types as k6-style dotted lines. */

/** `http_req_duration{name:/post/:id}` → metric `http_req_duration`, tags `name:/post/:id`. */
function splitMetricKey(key: string): { metric: string; tags: string | undefined } {
  const brace = key.indexOf('{');
  if (brace < 0 || !key.endsWith('}')) return { metric: key, tags: undefined };
  return { metric: key.slice(0, brace), tags: key.slice(brace + 1, -1) };
}

/** The request name of a key tagged with `name` alone, else undefined. */
function requestNameOf(tags: string | undefined): string | undefined {
  if (tags === undefined || !tags.startsWith('name:')) return undefined;
  const name = tags.slice('name:'.length);
  // A further `,tag:` means a tag set with more than the name (e.g. one a threshold names).
  return /,[A-Za-z_][A-Za-z0-9_]*:/.test(name) ? undefined : name;
}

const TREND_ORDER = [
  'response_time',
  'http_req_duration',
  'http_req_waiting',
  'http_req_blocked',
  'http_req_connecting',
  'http_req_tls_handshaking',
  'http_req_sending',
  'http_req_receiving',
  'iteration_duration',
];
const OTHER_ORDER = [
  'http_reqs',
  'http_req_failed',
  'http_req_retries',
  'errors',
  'iterations',
  'dropped_iterations',
  'data_sent',
  'data_received',
  'checks',
  'vus',
  'vus_max',
];

function ordered(names: string[], order: readonly string[]): string[] {
  const rank = (name: string) => {
    const i = order.indexOf(name);
    return i < 0 ? order.length : i;
  };
  return names.sort((a, b) => rank(a) - rank(b) || byCodeUnit(a, b));
}

/** Formats one value of a metric by what it contains. */
export function formatValue(summary: MetricSummary, value: number): string {
  if (summary.contains === 'time') return formatMs(value);
  if (summary.contains === 'data') return formatBytes(value);
  return formatNumber(value);
}

const TREND_LABEL_WIDTH = 24;
const TREND_CELL_WIDTH = 8;

/** The columns `summaryTrendStats` asked for, as the results' options carry it (older documents: the default). */
function trendStats(doc: ResultsDocument): readonly string[] {
  const stats = doc.options.summaryTrendStats;
  return Array.isArray(stats) && stats.length > 0 ? (stats as string[]) : DEFAULT_TREND_STATS;
}

function trendCell(summary: MetricSummary, values: TrendValues, stat: string): string {
  if (stat === 'count') return String(values.count);
  // an empty trend's zeros are no measurement: '-', not a 0µs that reads as fast
  const value = values.count > 0 ? values[stat] : undefined;
  return formatValue(summary, value ?? Number.NaN);
}

/**
 * Untagged trends, response_time first when present (open model), then http_req_duration;
 * one column per stat of `summaryTrendStats` (eight by default: within 100 columns).
 */
export function renderTrends(doc: ResultsDocument, paint: Paint): string[] {
  const names = Object.keys(doc.metrics).filter((k) => !k.includes('{') && doc.metrics[k]?.type === 'trend');
  if (names.length === 0) return [];
  const stats = trendStats(doc);
  const labelWidth = Math.min(TREND_LABEL_WIDTH, Math.max(6, ...names.map((name) => name.length)));
  const widths = [labelWidth, ...stats.map(() => TREND_CELL_WIDTH)];
  const lines = [`  ${paint('bold', row(['TRENDS', ...stats], widths))}`];
  for (const name of ordered(names, TREND_ORDER)) {
    const summary = doc.metrics[name]!;
    const values = summary.values as TrendValues;
    const cells = stats.map((stat) => trendCell(summary, values, stat));
    const line = row([truncateEnd(name, labelWidth), ...cells], widths);
    lines.push(`  ${name === 'response_time' ? paint('cyan', line) : line}`);
  }
  if (doc.metrics.response_time) {
    lines.push(
      paint('dim', '  response_time: from each iteration’s intended start (coordinated omission corrected);'),
      paint('dim', '  http_req_duration: service time, from sending the request to its last byte.'),
    );
  }
  return lines;
}

function describeOther(summary: MetricSummary): [string, string] {
  const v = summary.values;
  if ('passes' in v) {
    const events = v.passes + v.fails;
    return [events > 0 ? formatPercent(v.rate) : '-', `${v.passes} out of ${events}`];
  }
  if ('count' in v) {
    if (summary.contains === 'data') return [formatBytes(v.count), `${formatBytes(v.rate)}/s`];
    return [formatNumber(v.count), `${formatNumber(v.rate)}/s`];
  }
  if ('value' in v) {
    const range = `min=${formatValue(summary, v.min)} max=${formatValue(summary, v.max)}`;
    return [formatValue(summary, v.value), range];
  }
  return ['', ''];
}

/** Untagged counters, rates and gauges as `name ....... value  detail` lines. */
export function renderOthers(doc: ResultsDocument, paint: Paint): string[] {
  // the generator_* gauges have their own line (generator-text.ts)
  const names = Object.keys(doc.metrics).filter(
    (k) => !k.includes('{') && doc.metrics[k]?.type !== 'trend' && !k.startsWith('generator_'),
  );
  const lines: string[] = [];
  for (const name of ordered(names, OTHER_ORDER)) {
    const summary = doc.metrics[name]!;
    const [value, detail] = describeOther(summary);
    const label = `${truncateEnd(name, 30)} `.padEnd(32, '.');
    const dropped = name === 'dropped_iterations' && 'count' in summary.values && summary.values.count > 0;
    // Pad before painting: escape codes would count as width.
    const cell = value.padEnd(12);
    lines.push(`  ${paint('dim', label)}: ${dropped ? paint('yellow', cell) : cell}  ${detail}`);
  }
  return lines;
}

interface NameRow {
  name: string;
  requests: number;
  rateRps: number;
  /** Failed requests (http_req_failed's true samples); undefined when the name has none recorded. */
  failures: number | undefined;
  duration: TrendValues | undefined;
}

function collectNames(doc: ResultsDocument): NameRow[] {
  const rows = new Map<string, NameRow>();
  const durationS = doc.meta.durationMs / 1000;
  for (const [key, summary] of Object.entries(doc.metrics)) {
    const { metric, tags } = splitMetricKey(key);
    const name = requestNameOf(tags);
    if (name === undefined) continue;
    const r = rows.get(name) ?? {
      name,
      requests: 0,
      rateRps: 0,
      failures: undefined,
      duration: undefined,
    };
    const v = summary.values;
    if (metric === 'http_req_duration' && 'med' in v) {
      r.duration = v as TrendValues;
      if (r.requests === 0) {
        r.requests = v.count;
        r.rateRps = durationS > 0 ? v.count / durationS : 0;
      }
    } else if (metric === 'http_reqs' && 'count' in v) {
      r.requests = v.count;
      r.rateRps = v.rate;
    } else if (metric === 'http_req_failed' && 'passes' in v) {
      // k6's http_req_failed: a failed request is a `true` sample, counted in `passes`
      r.failures = v.passes;
    } else continue;
    rows.set(name, r);
  }
  return [...rows.values()].sort((a, b) => b.requests - a.requests || byCodeUnit(a.name, b.name));
}

/**
 * Locust's stats columns in 100: its failures/s is left out (fails over the duration; the
 * stats CSV has it) and times have three significant digits.
 */
const NAME_HEADER = [
  'REQUESTS BY NAME',
  'requests',
  'fails',
  'req/s',
  'avg',
  'min',
  'med',
  'p95',
  'p99',
  'max',
];
const NAME_WIDTHS = [26, 8, 6, 7, 7, 7, 7, 7, 7, 7];
const MAX_NAME_ROWS = 30;

/** The per-request-name table from the `metric{name:...}` keys, as Locust's: counts, then times. */
export function renderByName(doc: ResultsDocument, paint: Paint): string[] {
  const rows = collectNames(doc);
  if (rows.length === 0) return [];
  const lines = [`  ${paint('bold', row(NAME_HEADER, NAME_WIDTHS))}`];
  for (const r of rows.slice(0, MAX_NAME_ROWS)) {
    const d = r.duration;
    // an empty trend's zeros are no measurement
    const ms = (x: number | undefined) => (x === undefined || !d?.count ? '-' : formatMsShort(x));
    const cells = [
      truncateMiddle(r.name, NAME_WIDTHS[0]!),
      String(r.requests),
      r.failures === undefined ? '-' : String(r.failures),
      formatNumber(Math.round(r.rateRps * 100) / 100),
      ms(d?.avg),
      ms(d?.min),
      ms(d?.med),
      ms(d?.['p(95)']),
      ms(d?.['p(99)']),
      ms(d?.max),
    ];
    const line = row(cells, NAME_WIDTHS);
    lines.push(`  ${r.failures ? paint('yellow', line) : line}`);
  }
  if (rows.length > MAX_NAME_ROWS) {
    lines.push(paint('dim', `  … and ${rows.length - MAX_NAME_ROWS} more names (all in --out json)`));
  }
  lines.push(paint('dim', '  latencies: http_req_duration per request name'));
  return lines;
}
