import type { RunData, RunMeta } from '../../results/index.ts';
import { Family } from './families.ts';
import { label, seriesLabels } from './labels.ts';
import { builtinOrder, familyHelp, familyName, sampleNames } from './names.ts';

/**
 * A running test's `/metrics` in Prometheus' text format (0.0.4), read from the run handle
 * when scraped: the engine's own counters and HDR histograms, never a metrics client on
 * the hot path (docs/prometheus.md). Every series of the run so far, cumulative: counters
 * as `_total`, rates as a counter of their events by `result`, gauges as they read now,
 * trends as histograms with fixed edges (seconds for times).
 *
 * @example
 * // in an Output: keep the handle, answer a scrape with what it reads now
 * interval(view) { run = view.run; }
 * // GET /metrics → 200, content-type PROMETHEUS_CONTENT_TYPE
 * body = prometheusExposition(run, meta);
 */
export function prometheusExposition(run: RunData, meta: RunMeta): string {
  const testId = label('test_id', meta.testId);
  const overflowLabels = `${testId},${label('overflow', 'true')}`;
  const families = new Map<string, Family>();
  const exported = new Set<string>();
  const folded = new Set<string>();
  for (const series of run.cumulative.series()) {
    let family = families.get(series.metric);
    if (family === undefined) {
      family = new Family(series);
      families.set(series.metric, family);
    }
    const labels = seriesLabels(testId, series.tags);
    const key = `${series.metric}{${labels}}`;
    if (exported.has(key) || exported.size < MAX_EXPORTED_SERIES) {
      exported.add(key);
      family.add(labels, series);
    } else {
      folded.add(key);
      family.add(overflowLabels, series);
    }
  }

  const lines: string[] = [];
  const taken = new Set<string>([INFO, FOLDED]);
  writeHeader(lines, INFO, 'gauge', 'The running test: its id and test file.');
  lines.push(`${INFO}{${testId},${label('test', meta.test)}} 1`);
  for (const family of inWritingOrder(families)) {
    const name = uniqueName(familyName(family.metric, family.metricType, family.contains), family, taken);
    writeHeader(lines, name, family.type, familyHelp(family.metric, family.metricType, family.contains));
    writeSamples(lines, name, family);
  }
  writeHeader(lines, FOLDED, 'gauge', FOLDED_HELP);
  lines.push(`${FOLDED}{${testId}} ${folded.size}`);
  return `${lines.join('\n')}\n`;
}

/** The content type of the text format, for the Content-Type of a `/metrics` answer. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * Series (metric and labels) written with their own labels, in the order the run first saw
 * them; later ones are added into their metric's `overflow="true"` series. First seen keeps
 * a series' labels the same from one scrape to the next, as counters need. Bounds what a
 * test with unbounded tags (a name per URL, a user id as a tag) makes Prometheus store: a
 * histogram's label set is 24 time series.
 */
export const MAX_EXPORTED_SERIES = 2000;

const INFO = 'salvo_test_info';
const FOLDED = 'salvo_exposition_series_folded';
const FOLDED_HELP = `Series past the cap of ${MAX_EXPORTED_SERIES} added into their metric's overflow="true" series (counted, not lost).`;

function inWritingOrder(families: Map<string, Family>): Family[] {
  const builtins = [...families.values()].filter((family) => builtinOrder(family.metric) !== undefined);
  builtins.sort((a, b) => builtinOrder(a.metric)! - builtinOrder(b.metric)!);
  const custom = [...families.values()].filter((family) => builtinOrder(family.metric) === undefined);
  return [...builtins, ...custom];
}

/**
 * The family's name, or on a clash with a name already written (a custom gauge named
 * `http_reqs_total`) `salvo_custom_…`, so that built-ins, written first, keep theirs.
 */
function uniqueName(name: string, family: Family, taken: Set<string>): string {
  let unique = name;
  while (sampleNames(unique, family.type).some((sample) => taken.has(sample))) {
    unique = unique.replace(/^salvo_/, 'salvo_custom_');
  }
  for (const sample of sampleNames(unique, family.type)) taken.add(sample);
  return unique;
}

function writeHeader(lines: string[], name: string, type: string, help: string): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

function writeSamples(lines: string[], name: string, family: Family): void {
  for (const [labels, sample] of family.samples) {
    if (family.type !== 'histogram') {
      lines.push(`${name}{${labels}} ${number(sample.value)}`);
      continue;
    }
    for (let i = 0; i < family.le.length; i++) {
      lines.push(`${name}_bucket{${labels},le="${family.le[i]}"} ${number(sample.buckets?.[i] ?? 0)}`);
    }
    lines.push(
      `${name}_bucket{${labels},le="+Inf"} ${number(sample.count)}`,
      `${name}_sum{${labels}} ${number(family.sumOf(sample))}`,
      `${name}_count{${labels}} ${number(sample.count)}`,
    );
  }
}

/** A sample value as the format writes it (Go's ParseFloat reads JavaScript's numbers). */
function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}
