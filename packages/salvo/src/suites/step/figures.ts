import type { MetricSummary, ResultsDocument, SaturationReason, TrendValues } from '../../results/index.ts';

/** What one step measured, for all requests or one request name (docs/suites.md). */
export interface StepFigures {
  readonly requests: number;
  readonly failures: number;
  readonly durationMs: number;
  /** Requests a second, failed ones included. */
  readonly throughputRps: number;
  /** Requests a second that succeeded: what the knee and the USL fit read. */
  readonly goodputRps: number;
  readonly errorRate: number;
  /** Open-model steps: response_time (from the intended start); else http_req_duration. */
  readonly latencyMetric: 'http_req_duration' | 'response_time';
  /** ms; null when no request completed. */
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  readonly droppedIterations: number;
  readonly generator: GeneratorFigures;
}

/** The load generator's own load over the step: its busiest runner, and whether it saturated. */
export interface GeneratorFigures {
  readonly elu: number;
  readonly cpu: number;
  readonly saturated: boolean;
  readonly reasons: SaturationReason[];
}

const key = (metric: string, name: string | undefined) =>
  name === undefined ? metric : `${metric}{name:${name}}`;

function values<T>(doc: ResultsDocument, metric: string, name: string | undefined): T | undefined {
  const summary: MetricSummary | undefined = doc.metrics[key(metric, name)];
  return summary?.values as T | undefined;
}

/** The request names a step's document has, sorted. */
export function requestNames(doc: ResultsDocument): string[] {
  const names = Object.keys(doc.metrics)
    .map((k) => /^http_reqs\{name:(.*)\}$/.exec(k)?.[1])
    .filter((name): name is string => name !== undefined);
  return names.sort();
}

/** The step's figures, for the whole run or one request name. */
export function stepFigures(doc: ResultsDocument, name?: string): StepFigures {
  const durationMs = doc.meta.durationMs;
  const requests = values<{ count: number }>(doc, 'http_reqs', name)?.count ?? 0;
  const failures = values<{ passes: number }>(doc, 'http_req_failed', name)?.passes ?? 0;
  const open = doc.metrics.response_time !== undefined;
  const latencyMetric = open ? 'response_time' : 'http_req_duration';
  const latency = values<TrendValues>(doc, latencyMetric, name);
  const has = latency !== undefined && latency.count > 0;
  const seconds = durationMs / 1000;
  return {
    requests,
    failures,
    durationMs,
    throughputRps: requests / seconds,
    goodputRps: (requests - failures) / seconds,
    errorRate: requests === 0 ? 0 : failures / requests,
    latencyMetric,
    p50Ms: has ? latency.med : null,
    p95Ms: has ? latency['p(95)'] : null,
    p99Ms: has ? latency['p(99)'] : null,
    droppedIterations: values<{ count: number }>(doc, 'dropped_iterations', undefined)?.count ?? 0,
    generator: generatorFigures(doc),
  };
}

function generatorFigures(doc: ResultsDocument): GeneratorFigures {
  const peaks = Object.values(doc.generator.runners);
  const reasons = new Set(doc.generator.saturated.flatMap((stretch) => stretch.reasons));
  return {
    elu: Math.max(0, ...peaks.map((peak) => peak.elu)),
    cpu: Math.max(0, ...peaks.map((peak) => peak.cpu)),
    saturated: doc.generator.saturated.length > 0,
    reasons: [...reasons],
  };
}
