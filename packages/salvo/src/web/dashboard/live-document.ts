import {
  displayKey,
  type MetricSummary,
  metricSummaries,
  type ResultsSeries,
  type RunData,
  type RunMeta,
  type TagSetRef,
  type ThresholdStates,
} from '../../results/index.ts';
import { parseThresholdKey } from '../../thresholds/index.ts';
import type { LiveDocument, LiveSnapshot, LiveTick } from '../contract.ts';

/**
 * The running test's document as the page builds it up (web/contract.ts): a tick each
 * second with the new per-second entries and the whole-run figures so far, and a snapshot
 * of everything ticked so far for a browser that connects late. Read from the run handle
 * (results/run-data.ts); nothing here reaches into the engine.
 */

type LiveMeta = LiveDocument['meta'];
type Columns = ResultsSeries | readonly unknown[] | { readonly [key: string]: Columns };

/**
 * Every column of `series` cut to entries [from, to): the aggregator keeps all its columns
 * one entry a second long (names and error kinds first seen later are back-filled), so one
 * cut fits them all, whatever columns the series grows.
 */
export function seriesSlice(series: ResultsSeries, from: number, to?: number): ResultsSeries {
  return sliceColumns(series, from, to) as ResultsSeries;
}

function sliceColumns(columns: Columns, from: number, to: number | undefined): Columns {
  if (Array.isArray(columns)) return columns.slice(from, to);
  // no prototype: a request named "__proto__" stays a name
  const sliced: Record<string, Columns> = Object.create(null);
  for (const [key, value] of Object.entries(columns)) sliced[key] = sliceColumns(value as Columns, from, to);
  return sliced as Columns;
}

/** The whole-run figures a tick carries and a snapshot repeats. */
type Figures = Pick<LiveTick, 'metrics' | 'errors' | 'checks' | 'generator'>;

export class LiveDocumentBuilder {
  readonly #meta: Omit<RunMeta, 'options'>;
  readonly #options: Record<string, unknown>;
  #state: LiveMeta['state'] = 'running';
  #states: ThresholdStates = {};
  /** Each threshold key as written, parsed once: the summary key and tag set it names. */
  readonly #thresholdKeys = new Map<string, TagSetRef & { readonly summaryKey: string }>();
  #run: RunData | undefined;
  /** How many per-second entries the ticks have carried so far. */
  #sent = 0;
  #figures: Figures | undefined;

  constructor(meta: RunMeta) {
    const { options, ...rest } = meta;
    this.#meta = rest;
    this.#options = { ...options };
  }

  get meta(): LiveMeta {
    return { ...this.#meta, state: this.#state };
  }

  /** A stop began (the stop button, Ctrl-C, an abortOnFail threshold). */
  stopping(): void {
    this.#state = 'stopping';
  }

  /** The thresholds as last evaluated: the next tick puts them on their metrics. */
  thresholds(states: ThresholdStates): void {
    this.#states = states;
    for (const key of Object.keys(states)) {
      if (this.#thresholdKeys.has(key)) continue;
      const { metric, tags } = parseThresholdKey(key);
      this.#thresholdKeys.set(key, { metric, tags, summaryKey: displayKey(metric, tags) });
    }
  }

  /**
   * The seconds merged since the last tick and the whole-run figures so far. `elapsedMs`:
   * the run's length so far (the interval view's `elapsedMs`), for counter rates per second.
   */
  tick(run: RunData, elapsedMs: number): LiveTick {
    this.#run = run;
    const columns = run.columns;
    const series = seriesSlice(columns, this.#sent);
    this.#sent = columns.t.length;
    this.#figures = {
      metrics: this.#metrics(run, elapsedMs),
      errors: run.errors(),
      checks: run.checks(),
      generator: run.generator(),
    };
    return { type: 'tick', meta: this.meta, series, ...this.#figures };
  }

  /** Everything ticked so far; undefined before the first second has merged. */
  snapshot(): LiveSnapshot | undefined {
    if (this.#run === undefined || this.#figures === undefined) return undefined;
    return {
      type: 'snapshot',
      doc: {
        schema: 'salvo/results',
        version: 1,
        meta: this.meta,
        options: this.#options,
        series: seriesSlice(this.#run.columns, 0, this.#sent),
        ...this.#figures,
      },
    };
  }

  /** The document's `metrics` so far: a key per tag set a threshold names, with its states. */
  #metrics(run: RunData, elapsedMs: number): Record<string, MetricSummary> {
    const metrics = metricSummaries(run.cumulative, Math.max(1, elapsedMs), [
      ...this.#thresholdKeys.values(),
    ]);
    for (const [key, outcomes] of Object.entries(this.#states)) {
      const summary = metrics[this.#thresholdKeys.get(key)?.summaryKey ?? ''];
      if (summary === undefined) continue;
      summary.thresholds ??= {};
      // as the document has them (thresholds/annotate.ts): a value, or noData
      for (const [expression, outcome] of Object.entries(outcomes)) {
        summary.thresholds[expression] = outcome.noData
          ? { ok: outcome.ok, noData: true }
          : { ok: outcome.ok, actual: outcome.actual };
      }
    }
    return metrics;
  }
}
