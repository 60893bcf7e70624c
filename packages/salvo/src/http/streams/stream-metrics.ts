import type { Recorder, SeriesId, Tags } from '../../metrics/types.ts';
import type { RequestSeries } from '../client-metrics.ts';

/** How a stream ended; the `outcome` tag of `streams`. */
export type StreamOutcome = 'done' | 'closed' | 'error' | 'timeout';

/**
 * The series one stream records into: its request's tags (scenario, group, name and the
 * request's own tags) without `method`. Cached per request series, so a stream costs no
 * interning after the first of its name.
 */
export class StreamSeries {
  readonly firstEvent: SeriesId;
  readonly gap: SeriesId;
  readonly duration: SeriesId;
  readonly events: SeriesId;
  readonly bytes: SeriesId;
  readonly reconnects: SeriesId;
  private readonly recorder: Recorder;
  private readonly tags: Tags;
  private readonly byOutcome = new Map<StreamOutcome, SeriesId>();

  constructor(recorder: Recorder, tags: Tags) {
    this.recorder = recorder;
    this.tags = tags;
    this.firstEvent = recorder.series('stream_time_to_first_event', tags);
    this.gap = recorder.series('stream_event_gap', tags);
    this.duration = recorder.series('stream_duration', tags);
    this.events = recorder.series('stream_events', tags);
    this.bytes = recorder.series('stream_bytes', tags);
    this.reconnects = recorder.series('stream_reconnects', tags);
  }

  /** `streams{outcome:...}`: one per stream when it ends. */
  ended(outcome: StreamOutcome): SeriesId {
    let id = this.byOutcome.get(outcome);
    if (id === undefined) {
      id = this.recorder.series('streams', { ...this.tags, outcome });
      this.byOutcome.set(outcome, id);
    }
    return id;
  }
}

/** Tags of a request series without its method: what stream and LLM metrics carry. */
export function tagsWithoutMethod(series: RequestSeries): Tags {
  const { method: _method, ...tags } = series.tags;
  return tags;
}

/** One StreamSeries per request series, for one recorder. */
export class StreamSeriesCache {
  private readonly recorder: Recorder;
  private readonly cache = new WeakMap<RequestSeries, StreamSeries>();

  constructor(recorder: Recorder) {
    this.recorder = recorder;
  }

  for(series: RequestSeries): StreamSeries {
    let found = this.cache.get(series);
    if (found === undefined) {
      found = new StreamSeries(this.recorder, tagsWithoutMethod(series));
      this.cache.set(series, found);
    }
    return found;
  }
}

/** Records one stream as it goes: first event, gaps, counts, and its end. */
export class StreamMeter {
  private readonly recorder: Recorder;
  private readonly series: StreamSeries;
  readonly startedMs: number;
  private lastEventMs = -1;
  events = 0;
  bytes = 0;
  private endedAs: StreamOutcome | undefined;

  constructor(recorder: Recorder, series: StreamSeries, startedMs: number) {
    this.recorder = recorder;
    this.series = series;
    this.startedMs = startedMs;
  }

  get outcome(): StreamOutcome | undefined {
    return this.endedAs;
  }

  event(nowMs: number): void {
    const recorder = this.recorder;
    if (this.lastEventMs < 0) recorder.trend(this.series.firstEvent, micros(nowMs - this.startedMs));
    else recorder.trend(this.series.gap, micros(nowMs - this.lastEventMs));
    this.lastEventMs = nowMs;
    this.events++;
    recorder.count(this.series.events, 1);
  }

  received(bytes: number): void {
    this.bytes += bytes;
    this.recorder.count(this.series.bytes, bytes);
  }

  reconnected(): void {
    this.recorder.count(this.series.reconnects, 1);
  }

  /** The first call wins: a stream ends once. */
  end(outcome: StreamOutcome, nowMs: number): void {
    if (this.endedAs !== undefined) return;
    this.endedAs = outcome;
    this.recorder.trend(this.series.duration, micros(nowMs - this.startedMs));
    this.recorder.count(this.series.ended(outcome), 1);
  }
}

function micros(ms: number): number {
  return Math.max(0, Math.round(ms * 1000));
}
