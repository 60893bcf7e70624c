import { SalvoError } from '../errors.ts';
import { BucketCounts } from './bucket-counts.ts';
import { BUILTIN_METRICS } from './catalogue.ts';
import { encodeHistogram } from './hdr-encoding.ts';
import { seriesKey } from './tags.ts';
import type { IntervalSnapshot, MetricDef, Recorder, SeriesId, SeriesSnapshot, Tags } from './types.ts';

const METRIC_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/**
 * The runner's recorder. Series live in parallel arrays indexed by id, so the hot-path
 * calls are an index and an add. Trend histograms are created when a trend series is
 * interned and reused every interval: `snapshot` encodes and resets them in the same
 * synchronous call, so a swap with a spare would buy nothing.
 *
 * @example
 * const recorder = createRecorder('t0');
 * const id = recorder.series('http_req_duration', { name: '/post/:id', status: '200' });
 * recorder.trend(id, 1250); // µs
 * const snapshot = recorder.snapshot(0, startMs, startMs + 1000);
 */
export function createRecorder(runnerId: string): Recorder {
  const defs = new Map<string, MetricDef>(BUILTIN_METRICS.map((def) => [def.name, def]));
  const ids = new Map<string, SeriesId>();
  const seriesDefs: MetricDef[] = [];
  const seriesTags: Tags[] = [];
  const histograms: (BucketCounts | undefined)[] = [];
  const touched: number[] = [];
  const sums: number[] = [];
  const passes: number[] = [];
  const fails: number[] = [];
  const gaugeSet: boolean[] = [];
  const gaugeMin: number[] = [];
  const gaugeMax: number[] = [];
  const samples: (string | undefined)[] = [];

  function define(def: MetricDef): void {
    const known = defs.get(def.name);
    if (known) {
      if (known.type === def.type && known.contains === def.contains) return;
      throw new SalvoError(
        'SALVO_ERR_TEST_DEFINITION',
        `metric "${def.name}" is already a ${known.type} (${known.contains}); cannot redefine it as a ${def.type} (${def.contains})`,
      );
    }
    if (!METRIC_NAME.test(def.name)) {
      throw new SalvoError(
        'SALVO_ERR_TEST_DEFINITION',
        `metric name "${def.name}" is invalid: use letters, digits and _ (not first), at most 128`,
      );
    }
    defs.set(def.name, { name: def.name, type: def.type, contains: def.contains });
  }

  function series(metric: string, tags: Tags): SeriesId {
    const key = seriesKey(metric, tags);
    const known = ids.get(key);
    if (known !== undefined) return known;
    const def = defs.get(metric);
    if (!def) {
      throw new SalvoError('SALVO_ERR_TEST_DEFINITION', `unknown metric "${metric}": define it before use`);
    }
    const id = seriesDefs.length;
    ids.set(key, id);
    seriesDefs.push(def);
    seriesTags.push(Object.freeze({ ...tags }));
    histograms.push(def.type === 'trend' ? new BucketCounts() : undefined);
    touched.push(0);
    sums.push(0);
    passes.push(0);
    fails.push(0);
    gaugeSet.push(false);
    gaugeMin.push(0);
    gaugeMax.push(0);
    samples.push(undefined);
    return id;
  }

  function snapshotOf(id: SeriesId): SeriesSnapshot | undefined {
    const def = seriesDefs[id]!;
    const base = { metric: def.name, type: def.type, contains: def.contains, tags: seriesTags[id]! };
    const sample = samples[id];
    const extra = sample === undefined ? {} : { sample };
    samples[id] = undefined;
    if (def.type === 'gauge') {
      if (!gaugeSet[id]) return undefined;
      const value = sums[id]!;
      const snapshot = { ...base, ...extra, value, min: gaugeMin[id]!, max: gaugeMax[id]! };
      gaugeMin[id] = value;
      gaugeMax[id] = value;
      return snapshot;
    }
    if (touched[id] === 0) return sample === undefined ? undefined : { ...base, ...extra };
    touched[id] = 0;
    if (def.type === 'trend') {
      const histogram = histograms[id]!;
      const encoded = encodeHistogram(histogram, { compressed: false });
      histogram.reset();
      return { ...base, ...extra, histogram: encoded };
    }
    if (def.type === 'counter') {
      const count = sums[id]!;
      sums[id] = 0;
      return { ...base, ...extra, count };
    }
    const snapshot = { ...base, ...extra, passes: passes[id]!, fails: fails[id]! };
    passes[id] = 0;
    fails[id] = 0;
    return snapshot;
  }

  return {
    define,
    series,
    trend(id, value) {
      if (!(value >= 0)) return; // NaN or negative: a bug upstream, not a 0 sample
      histograms[id]!.record(value);
      touched[id] = 1;
    },
    count(id, n) {
      sums[id]! += n;
      touched[id] = 1;
    },
    rate(id, hit) {
      if (hit) passes[id]!++;
      else fails[id]!++;
      touched[id] = 1;
    },
    gauge(id, value) {
      sums[id] = value;
      if (!gaugeSet[id]) {
        gaugeSet[id] = true;
        gaugeMin[id] = value;
        gaugeMax[id] = value;
      } else if (value < gaugeMin[id]!) gaugeMin[id] = value;
      else if (value > gaugeMax[id]!) gaugeMax[id] = value;
    },
    sample(id, message) {
      if (samples[id] === undefined) samples[id] = message;
    },
    snapshot(index, startMs, endMs): IntervalSnapshot {
      const list: SeriesSnapshot[] = [];
      for (let id = 0; id < seriesDefs.length; id++) {
        const snapshot = snapshotOf(id);
        if (snapshot) list.push(snapshot);
      }
      return { runnerId, index, startMs, endMs, series: list };
    },
  };
}
