import type { HistogramView, RunData } from '../results/index.ts';
import { formatMs, type Paint, painter, type TextStream } from './format.ts';
import type { Output } from './types.ts';

/**
 * `--latency` (wrk's): after the summary, the latency distribution of `http_req_duration`
 * (and `response_time` first in open-model runs) as wrk2 prints it, percentiles from 50 to
 * 100, then a small histogram with log-scale buckets. Read from the run handle's HDR
 * histogram, so every figure is exact to the histogram's precision (3 significant digits).
 */

/** wrk's four and wrk2's tail. */
export const LATENCY_PERCENTILES = [50, 75, 90, 99, 99.9, 99.99, 99.999, 100] as const;
const BAR_WIDTH = 40;
/** More 1-2-5 buckets than this and the histogram steps by decades instead. */
const MAX_ROWS = 10;

/** Bucket edges in ms on a 1-2-5 scale from the bucket holding `min` to the first at or above `max`. */
export function logEdges(minMs: number, maxMs: number): number[] {
  const edges = (steps: readonly number[]): number[] => {
    const list: number[] = [];
    // from the decade below min (1 µs at least): the first edge at or above min opens the list
    for (let decade = 10 ** Math.floor(Math.log10(Math.max(minMs, 0.001))); ; decade *= 10) {
      for (const step of steps) {
        const edge = Number((decade * step).toPrecision(1));
        if (edge >= minMs || list.length > 0) list.push(edge);
        if (edge >= maxMs && list.length > 0) return list;
      }
    }
  };
  const fine = edges([1, 2, 5]);
  return fine.length <= MAX_ROWS ? fine : edges([1]);
}

/** `500µs`, `2ms`, `10s`: an edge of the 1-2-5 scale. */
function edgeText(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
}

function bar(count: number, most: number): string {
  if (count === 0) return '';
  const width = Math.round((count / most) * BAR_WIDTH);
  return width === 0 ? '▏' : '█'.repeat(width);
}

/** One metric's distribution: its percentiles, then its histogram. */
export function renderDistribution(metric: string, histogram: HistogramView, paint: Paint): string[] {
  const lines = [`  ${paint('bold', 'LATENCY DISTRIBUTION')}  ${metric}, ${histogram.count} values`];
  if (histogram.count === 0) return [...lines, '    none measured'];
  const values = histogram.percentiles(LATENCY_PERCENTILES);
  LATENCY_PERCENTILES.forEach((percentile, i) => {
    lines.push(`  ${`${percentile}%`.padStart(9)}  ${formatMs(values[i]!).padStart(9)}`);
  });
  const edges = logEdges(histogram.min, histogram.max);
  const atOrBelow = histogram.countsAtOrBelow(edges);
  const counts = atOrBelow.map((count, i) => count - (i === 0 ? 0 : atOrBelow[i - 1]!));
  const most = Math.max(...counts);
  lines.push('');
  edges.forEach((edge, i) => {
    const share = `${((counts[i]! / histogram.count) * 100).toFixed(1)}%`;
    const label = `≤ ${edgeText(edge)}`.padStart(9);
    lines.push(`  ${label}  ${bar(counts[i]!, most).padEnd(BAR_WIDTH)}  ${share.padStart(6)}  ${counts[i]}`);
  });
  return lines;
}

/** Both distributions of a run as text: response_time first when the run has it. */
export function renderLatency(run: RunData | undefined, options: { color: boolean }): string {
  const paint = painter(options.color);
  const sections: string[][] = [];
  for (const metric of ['response_time', 'http_req_duration']) {
    const histogram = run?.cumulative.query(metric)?.histogram;
    // response_time only in open-model runs (it has values then); http_req_duration always
    if (histogram && (histogram.count > 0 || metric === 'http_req_duration')) {
      sections.push(renderDistribution(metric, histogram, paint));
    }
  }
  if (sections.length === 0) sections.push([`  ${paint('bold', 'LATENCY DISTRIBUTION')}  no requests`]);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n\n`;
}

/**
 * The `--latency` output: keeps the run handle from the first merged second and reads the
 * whole run's histograms from it at the end.
 *
 * @example
 * const latency = latencyOutput(process.stdout, { color: true });
 */
export function latencyOutput(stream: TextStream, options: { color: boolean }): Output {
  let run: RunData | undefined;
  return {
    name: 'latency',
    start() {},
    interval(view) {
      run = view.run;
    },
    end() {
      stream.write(renderLatency(run, options));
    },
  };
}
