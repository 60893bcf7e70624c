import type { ServerSection, ServerSeries, ServerStat, ServerTarget } from '../results/index.ts';
import { addBuckets, bucketIncrease, increase, quantile } from './histogram-quantile.ts';
import { labelKey, type Reading } from './readings.ts';

const QUANTILES = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
] as const;

/** What one reading key has added up since the target's first good scrape. */
interface Running {
  previous: Reading;
  total: number;
  sum: number;
  buckets: Map<number, number>;
  hits: number;
  misses: number;
  highest: number;
}

/**
 * One target's series: each good scrape's readings, compared with the previous good scrape's,
 * become one point per series (rates and percentiles over the window between them), and the
 * whole-run figures (`run`, `total`) are brought up to date. At most `maxSeries` series per
 * target; the rest are counted in `droppedSeries`, so a service with a label per user id
 * cannot grow the results without bound.
 */
export class TargetSeries {
  readonly #target: ServerTarget;
  readonly #section: ServerSection;
  readonly #maxSeries: number;
  readonly #series = new Map<string, ServerSeries>();
  readonly #dropped = new Set<string>();
  readonly #running = new Map<string, Running>();
  #previousMs: number | undefined;

  constructor(target: ServerTarget, section: ServerSection, maxSeries: number) {
    this.#target = target;
    this.#section = section;
    this.#maxSeries = maxSeries;
  }

  /** A good scrape that started at `tMs` (ms since the run's start). */
  add(tMs: number, readings: readonly Reading[]): void {
    const since = this.#previousMs;
    this.#previousMs = tMs;
    if (since === undefined) {
      // the first good scrape is the baseline every increase counts from
      this.#target.firstMs = tMs;
      for (const reading of readings) this.#running.set(keyOf(reading), start(reading));
      return;
    }
    this.#target.lastMs = tMs;
    const windowS = (tMs - since) / 1000;
    const runS = (tMs - (this.#target.firstMs ?? since)) / 1000;
    if (windowS <= 0) return;
    for (const reading of readings) {
      const key = keyOf(reading);
      let running = this.#running.get(key);
      // a series absent from the last good scrape is new: its counts are all since then
      if (!running) this.#running.set(key, (running = start(zeroed(reading))));
      this.#point(reading, running, tMs, windowS, runS);
      running.previous = reading;
    }
  }

  #point(reading: Reading, running: Running, tMs: number, windowS: number, runS: number): void {
    const previous = running.previous;
    const put = (stat: ServerStat, unit: string, value: number | undefined, run: number | undefined) => {
      if (value === undefined || !Number.isFinite(value)) return;
      const series = this.#seriesFor(reading, stat, unit);
      if (!series) return;
      series.points.push([tMs, value]);
      if (run !== undefined && Number.isFinite(run)) series.run = run;
      if (stat === 'rate') series.total = running.total;
    };
    switch (reading.kind) {
      case 'counter': {
        const grown = increase(previous.kind === 'counter' ? previous.value : 0, reading.value);
        running.total += grown;
        put('rate', reading.unit, grown / windowS, running.total / runS);
        return;
      }
      case 'gauge':
        running.highest = Math.max(running.highest, reading.value);
        put('value', reading.unit, reading.value, running.highest);
        return;
      case 'ratio': {
        const before = previous.kind === 'ratio' ? previous : { hits: 0, misses: 0 };
        const hits = increase(before.hits, reading.hits);
        const misses = increase(before.misses, reading.misses);
        running.hits += hits;
        running.misses += misses;
        put('ratio', 'ratio', ratio(hits, misses), ratio(running.hits, running.misses));
        return;
      }
      case 'histogram': {
        const before = previous.kind === 'histogram' ? previous : undefined;
        const window = bucketIncrease(before?.buckets ?? new Map(), reading.buckets);
        addBuckets(running.buckets, window);
        const count = increase(before?.count ?? 0, reading.count);
        const sum = increase(before?.sum ?? 0, reading.sum);
        running.total += count;
        running.sum += sum;
        put('rate', reading.unit, count / windowS, running.total / runS);
        const scale = reading.name.endsWith('_seconds') ? 1000 : 1;
        const unit = scale === 1000 ? 'ms' : '';
        for (const [stat, q] of QUANTILES) {
          const now = quantile(q, window);
          const overRun = quantile(q, running.buckets);
          put(stat, unit, now === undefined ? undefined : now * scale, overRun && overRun * scale);
        }
        if (reading.busy) put('busy', 's/s', sum / windowS, running.sum / runS);
      }
    }
  }

  #seriesFor(reading: Reading, stat: ServerStat, unit: string): ServerSeries | undefined {
    const key = `${keyOf(reading)}\u0000${stat}`;
    const known = this.#series.get(key);
    if (known) return known;
    if (this.#series.size >= this.#maxSeries) {
      if (!this.#dropped.has(key)) {
        this.#dropped.add(key);
        this.#target.droppedSeries++;
      }
      return undefined;
    }
    const series: ServerSeries = {
      target: this.#target.url,
      name: reading.name,
      stat,
      labels: { ...reading.labels },
      unit,
      points: [],
    };
    this.#series.set(key, series);
    this.#section.series.push(series);
    return series;
  }
}

function keyOf(reading: Reading): string {
  return `${reading.kind}\u0000${reading.name}\u0000${labelKey(reading.labels)}`;
}

function start(reading: Reading): Running {
  return { previous: reading, total: 0, sum: 0, buckets: new Map(), hits: 0, misses: 0, highest: -Infinity };
}

/** The reading a series had before it existed: every count 0. */
function zeroed(reading: Reading): Reading {
  switch (reading.kind) {
    case 'counter':
      return { ...reading, value: 0 };
    case 'ratio':
      return { ...reading, hits: 0, misses: 0 };
    case 'histogram':
      return { ...reading, buckets: new Map(), count: 0, sum: 0 };
    default:
      return reading;
  }
}

function ratio(hits: number, misses: number): number | undefined {
  return hits + misses > 0 ? hits / (hits + misses) : undefined;
}
