import type { RunData, RunMeta } from '../../results/index.ts';
import type { Family } from './families.ts';
import { FOLDED, FOLDED_HELP, gatherFamilies, INFO, INFO_HELP, MAX_EXPORTED_SERIES } from './gather.ts';
import { label } from './labels.ts';
import { familyHelp } from './names.ts';

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
  const { testId, families, folded } = gatherFamilies(run, meta);
  const testIdLabel = label(...testId);
  const lines: string[] = [];
  writeHeader(lines, INFO, 'gauge', INFO_HELP);
  lines.push(`${INFO}{${testIdLabel},${label('test', meta.test)}} 1`);
  for (const { name, family } of families) {
    writeHeader(lines, name, family.type, familyHelp(family.metric, family.metricType, family.contains));
    writeSamples(lines, name, family);
  }
  writeHeader(lines, FOLDED, 'gauge', FOLDED_HELP);
  lines.push(`${FOLDED}{${testIdLabel}} ${folded}`);
  return `${lines.join('\n')}\n`;
}

/** The content type of the text format, for the Content-Type of a `/metrics` answer. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export { MAX_EXPORTED_SERIES };

function writeHeader(lines: string[], name: string, type: string, help: string): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

function writeSamples(lines: string[], name: string, family: Family): void {
  for (const sample of family.samples.values()) {
    const labels = sample.rendered;
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
