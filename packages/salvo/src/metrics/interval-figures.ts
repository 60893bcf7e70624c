import type { IntervalFigures, LatencyFigures } from '../results/index.ts';
import { BucketCounts } from './bucket-counts.ts';
import type { SeriesSnapshot } from './types.ts';

const LATENCY_PERCENTILES = [50, 90, 95, 99, 100] as const;

/** One interval's figures for the run or one request name, while runners' data is added. */
export interface FiguresAccumulator {
  requests: number;
  failures: number;
  /** Of `failures`, those the fault proxy injected (`injected:true`, docs/proxy.md). */
  injectedFailures: number;
  errors: Record<string, number>;
  bytesSent: number;
  bytesReceived: number;
  /** Reused across intervals (reset), never reallocated; µs. */
  readonly duration: BucketCounts;
  readonly responseTime: BucketCounts;
}

export function createAccumulator(): FiguresAccumulator {
  return {
    requests: 0,
    failures: 0,
    injectedFailures: 0,
    errors: {},
    bytesSent: 0,
    bytesReceived: 0,
    duration: new BucketCounts(),
    responseTime: new BucketCounts(),
  };
}

export function resetAccumulator(acc: FiguresAccumulator): void {
  acc.requests = 0;
  acc.failures = 0;
  acc.injectedFailures = 0;
  acc.errors = {};
  acc.bytesSent = 0;
  acc.bytesReceived = 0;
  acc.duration.reset();
  acc.responseTime.reset();
}

/** Adds one runner's series to the figures (not its histogram: see accumulateHistogram). */
export function accumulate(acc: FiguresAccumulator, series: SeriesSnapshot): void {
  switch (series.metric) {
    case 'http_reqs':
      acc.requests += series.count ?? 0;
      break;
    case 'http_req_failed':
      // A rate's "pass" is hit=true: here, a failed request (as k6 counts http_req_failed).
      acc.failures += series.passes ?? 0;
      if (series.tags.injected === 'true') acc.injectedFailures += series.passes ?? 0;
      break;
    case 'errors': {
      const kind = series.tags.kind ?? 'unknown';
      acc.errors[kind] = (acc.errors[kind] ?? 0) + (series.count ?? 0);
      break;
    }
    case 'data_sent':
      acc.bytesSent += series.count ?? 0;
      break;
    case 'data_received':
      acc.bytesReceived += series.count ?? 0;
      break;
  }
}

/** Adds one series' interval histogram, merged over the runners already, to the figures. */
export function accumulateHistogram(acc: FiguresAccumulator, metric: string, counts: BucketCounts): void {
  if (metric === 'http_req_duration') acc.duration.add(counts);
  else if (metric === 'response_time') acc.responseTime.add(counts);
}

/** Percentiles of an interval histogram of µs, in ms; undefined when it is empty. */
export function latencyFigures(histogram: BucketCounts): LatencyFigures | undefined {
  if (histogram.totalCount === 0) return undefined;
  const [p50, p90, p95, p99, max] = histogram.valuesAt(LATENCY_PERCENTILES).map((us) => us / 1000);
  return { p50: p50!, p90: p90!, p95: p95!, p99: p99!, max: max!, mean: histogram.mean / 1000 };
}

export function toFigures(acc: FiguresAccumulator): IntervalFigures {
  return {
    requests: acc.requests,
    failures: acc.failures,
    ...(acc.injectedFailures === 0 ? {} : { injectedFailures: acc.injectedFailures }),
    errors: acc.errors,
    duration: latencyFigures(acc.duration),
    responseTime: latencyFigures(acc.responseTime),
    bytesSent: acc.bytesSent,
    bytesReceived: acc.bytesReceived,
  };
}
