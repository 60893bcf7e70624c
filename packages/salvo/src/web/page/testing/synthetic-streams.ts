import { BucketCounts } from '../../../metrics/bucket-counts.ts';
import { encodeHistogram } from '../../../metrics/hdr-encoding.ts';
import type { MetricSummary, ResultsDocument, ServerSeries } from '../../../results/index.ts';

/**
 * Test fixture: what a run that streamed adds to a results document (docs/streams.md,
 * docs/llm.md), with known figures: 40 SSE streams (first event at 200 ms, 39, and one at
 * 1 s), 10 LLM calls, and a scraped service that kept its model histograms (`keep`).
 */

export const STREAMS = 40;
/** The time to first event every stream but the last had, and the last one's. */
const FIRST_EVENT_MS = 200;
const SLOW_FIRST_EVENT_MS = 1000;
/** Each stream: 61 events over 2 s open, so 30.5 events a second while open. */
const EVENTS_PER_STREAM = 61;
const STREAM_OPEN_MS = 2000;
/** A kept label set whose value is HTML: the page must show it as text. */
export const HOSTILE_MODEL = 'llama<img src=x onerror="window.__xss=3">';

function trend(histogram: BucketCounts, contains: 'time' | 'default'): MetricSummary {
  const scale = contains === 'time' ? 1000 : 1;
  const [med, p90, p95, p99] = histogram.valuesAt([50, 90, 95, 99]).map((v) => v / scale);
  return {
    type: 'trend',
    contains,
    values: {
      count: histogram.totalCount,
      avg: histogram.mean / scale,
      min: histogram.min / scale,
      med: med!,
      max: histogram.valueAt(100) / scale,
      'p(90)': p90!,
      'p(95)': p95!,
      'p(99)': p99!,
      'p(99.9)': histogram.valueAt(99.9) / scale,
    },
  };
}

const counter = (count: number, seconds: number): MetricSummary => ({
  type: 'counter',
  contains: 'default',
  values: { count, rate: count / seconds },
});

function histogramOf(values: readonly number[]): BucketCounts {
  const histogram = new BucketCounts();
  for (const value of values) histogram.record(value);
  return histogram;
}

/** The server's kept series (ms percentiles, a rate with its total) over the run, every 5 s. */
function keptSeries(seconds: number): ServerSeries[] {
  const target = 'http://127.0.0.1:3000/metrics';
  const at = Array.from({ length: Math.ceil(seconds / 5) }, (_, i) => (i + 1) * 5000);
  const series = (
    name: string,
    labels: Record<string, string>,
    stat: ServerSeries['stat'],
    value: number,
  ) => ({
    target,
    name,
    stat,
    labels,
    unit: stat === 'rate' ? '/s' : 'ms',
    points: at.map((tMs): [number, number] => [tMs, value]),
    run: value,
    ...(stat === 'rate' ? { total: STREAMS } : {}),
  });
  const model = { model: HOSTILE_MODEL };
  return [
    series('ai_time_to_first_token_seconds', model, 'rate', STREAMS / seconds),
    series('ai_time_to_first_token_seconds', model, 'p50', 180),
    series('ai_time_to_first_token_seconds', model, 'p95', 240),
    series('ai_time_to_first_token_seconds', model, 'p99', 248),
    series('ai_generation_seconds', { ...model, outcome: 'success' }, 'rate', STREAMS / seconds),
    series('ai_generation_seconds', { ...model, outcome: 'success' }, 'p50', 2100),
    series('ai_generation_seconds', { ...model, outcome: 'success' }, 'p95', 2450),
    series('ai_generation_seconds', { ...model, outcome: 'success' }, 'p99', 2490),
  ];
}

/** `doc` with the metrics and histograms of streams and LLM calls, and, when it scraped, the kept series. */
export function withStreams(doc: ResultsDocument): ResultsDocument {
  const seconds = doc.meta.durationMs! / 1000;
  const firstEvent = histogramOf([
    ...Array.from({ length: STREAMS - 1 }, () => FIRST_EVENT_MS * 1000),
    SLOW_FIRST_EVENT_MS * 1000,
  ]);
  const open = histogramOf(Array.from({ length: STREAMS }, () => STREAM_OPEN_MS * 1000));
  const ttft = histogramOf(Array.from({ length: 10 }, (_, i) => (150 + i * 10) * 1000));
  const tokensPerSecond = histogramOf(Array.from({ length: 10 }, (_, i) => 50 + i));
  const events = STREAMS * EVENTS_PER_STREAM;
  Object.assign(doc.metrics, {
    stream_time_to_first_event: trend(firstEvent, 'time'),
    stream_event_gap: trend(histogramOf([16_000, 17_000, 18_000, 40_000]), 'time'),
    stream_duration: trend(open, 'time'),
    stream_events: counter(events, seconds),
    stream_bytes: {
      type: 'counter',
      contains: 'data',
      values: { count: events * 40, rate: (events * 40) / seconds },
    },
    streams: counter(STREAMS, seconds),
    'streams{outcome:done}': counter(STREAMS - 1, seconds),
    'streams{outcome:error}': counter(1, seconds),
    llm_requests: counter(10, seconds),
    'llm_requests{tokens_from:usage}': counter(10, seconds),
    llm_ttft: trend(ttft, 'time'),
    llm_tpot: trend(histogramOf([17_000, 18_000, 19_000]), 'time'),
    llm_tokens_per_second: trend(tokensPerSecond, 'default'),
    llm_output_tokens: counter(1200, seconds),
    llm_goodput: { type: 'rate', contains: 'default', values: { rate: 0.9, passes: 9, fails: 1 } },
    // a test's own trends: one the Streams tab lists by its name, one it leaves to the others
    draft_tokens_per_second: trend(histogramOf([30, 31, 32]), 'default'),
    'draft_tokens_per_second{scenario:users}': trend(histogramOf([30, 31, 32]), 'default'),
    draft_words: trend(histogramOf([300]), 'default'),
  });
  Object.assign(doc.histograms, {
    stream_time_to_first_event: encodeHistogram(firstEvent),
    llm_ttft: encodeHistogram(ttft),
  });
  if (doc.server) doc.server.series.push(...keptSeries(seconds));
  return doc;
}
