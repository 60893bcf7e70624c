import {
  type IntervalFigures,
  type IntervalView,
  type RunData,
  type ServerSection,
  worstLoad,
} from '../results/index.ts';
import { errorEntries } from './error-entries.ts';
import { generatorGauges, MIN_JUDGED_INTERVAL_MS } from './generator-load.ts';
import {
  accumulate,
  accumulateHistogram,
  createAccumulator,
  type FiguresAccumulator,
  resetAccumulator,
  toFigures,
} from './interval-figures.ts';
import { SaturationWatch } from './saturation-watch.ts';
import { SeriesColumns } from './series-columns.ts';
import { checkEntries, TotalsScope } from './series-scope.ts';
import { TargetFigures } from './target-figures.ts';
import { type GaugeValues, mergeGauges, type SeriesTotal, TotalsTable } from './totals.ts';
import type { GeneratorLoad, IntervalSnapshot, SeriesSnapshot } from './types.ts';

/** Where an interval sits when no runner's snapshot arrived for it. */
export interface IntervalFrame {
  readonly index: number;
  readonly startMs: number;
  readonly endMs: number;
}

export interface Aggregator {
  /**
   * Merges every runner's snapshot of one interval (call once per index, in order) into
   * the totals, the metric-wide gauges and the per-second series; returns the merged view.
   * A runner missing from the interval counts with its last gauge values. With no
   * snapshots at all, `frame` says where the interval is.
   */
  addInterval(snapshots: readonly IntervalSnapshot[], frame?: IntervalFrame): IntervalView;
  /**
   * A snapshot that arrived after its interval was merged: folded into the totals (summary,
   * thresholds, histograms, errors, checks) but not the per-second series; gauges update
   * the runner's last values only.
   */
  addLate(snapshot: IntervalSnapshot): void;
  /**
   * The read-only handle on the run's data (results/run-data.ts), the same object all run:
   * what outputs, thresholds and the results document read.
   */
  readonly data: RunData;
}

/** The request name a series counts under; a failed check's error is named after the check. */
function requestName(series: Pick<SeriesSnapshot, 'metric' | 'tags'>): string | undefined {
  if (series.metric === 'errors' && series.tags.kind === 'check') return undefined;
  return series.tags.name;
}

interface GaugeState {
  readonly total: SeriesTotal;
  /** Each runner's latest reading, with the interval it came from. */
  readonly byRunner: Map<string, GaugeValues & { index: number }>;
}

/**
 * The coordinator's side of the metrics: exact merges (histograms added, never averaged).
 *
 * @example
 * const aggregator = createAggregator();
 * const view = aggregator.addInterval([snapshotA, snapshotB]);
 * const p95 = aggregator.data.cumulative.query('http_req_duration')?.percentile(95);
 */
export function createAggregator(
  options: { runStartMs?: number; server?: () => ServerSection | undefined } = {},
): Aggregator {
  let runStartMs = options.runStartMs;
  const table = new TotalsTable();
  const gauges = new Map<SeriesTotal, GaugeState>();
  const cumulative = new TotalsScope(table, 'cumulative');
  const interval = new TotalsScope(table, 'interval');
  const metricGauges = cumulative.metricGauges;
  const total = createAccumulator();
  const byName = new Map<string, FiguresAccumulator>();
  const byTarget = new TargetFigures();
  const columns = new SeriesColumns();
  const transports = new Set<string>();
  const noteTransports = (snapshot: IntervalSnapshot): void => {
    for (const name of snapshot.transports ?? []) transports.add(name);
  };
  const saturation = new SaturationWatch();
  const data: RunData = {
    interval,
    cumulative,
    columns: columns.data,
    errors: () => errorEntries(table.byKey.values()),
    checks: () => checkEntries(table.byKey.values()),
    transports: () => [...transports].sort(),
    generator: () => saturation.section(),
    // the scraper's section (run/coordinator.ts): the run handle carries it, the aggregator does not read it
    server: options.server ?? (() => undefined),
  };

  /**
   * A runner's gauge reading. `where`: the runner (or its load's gauges) and the series'
   * place among them, so the series is found without its key (TotalsTable.find); a late
   * snapshot's gauges are found by key.
   */
  function noteGauge(
    snapshot: IntervalSnapshot,
    series: SeriesSnapshot,
    late: boolean,
    where?: { readonly source: string; readonly position: number },
  ): void {
    const total = where ? table.find(series, where.source, where.position) : table.get(series);
    let state = gauges.get(total);
    if (!state) gauges.set(total, (state = { total, byRunner: new Map() }));
    const known = state.byRunner.get(snapshot.runnerId);
    if (known && known.index > snapshot.index) return;
    const value = series.value ?? 0;
    const { index } = snapshot;
    const reading = late
      ? { value, min: value, max: value, index }
      : { value, min: series.min ?? value, max: series.max ?? value, index };
    state.byRunner.set(snapshot.runnerId, reading);
  }

  /**
   * A runner's own load: watched for saturation, and kept as gauges tagged with the runner.
   * False for the reading of a stretch too short to tell (the last, cut short by the stop).
   */
  function noteLoad(snapshot: IntervalSnapshot, load: GeneratorLoad, late: boolean): boolean {
    if (snapshot.endMs - snapshot.startMs < MIN_JUDGED_INTERVAL_MS) return false;
    const start = runStartMs ?? snapshot.startMs;
    saturation.add(snapshot.runnerId, {
      index: snapshot.index,
      fromMs: snapshot.startMs - start,
      toMs: snapshot.endMs - start,
      load,
    });
    const source = `${snapshot.runnerId}\u0000load`;
    for (const [position, series] of generatorGauges(snapshot.runnerId, load).entries())
      noteGauge(snapshot, series, late, late ? undefined : { source, position });
    return true;
  }

  /**
   * Merges the gauges across runners (absent runners at their last value) into the totals
   * and interval `index`'s readings.
   */
  function foldGauges(present: ReadonlySet<string>, index: number): void {
    const perMetric = new Map<string, GaugeValues[]>();
    for (const state of gauges.values()) {
      const readings: GaugeValues[] = [];
      for (const [runnerId, reading] of state.byRunner) {
        const { value } = reading;
        readings.push(
          present.has(runnerId)
            ? { value, min: reading.min, max: reading.max }
            : { value, min: value, max: value },
        );
      }
      const { metric } = state.total;
      const merged = mergeGauges(metric, readings);
      if (!merged) continue;
      table.foldGauge(state.total, merged, index);
      const list = perMetric.get(metric) ?? [];
      list.push(merged);
      perMetric.set(metric, list);
    }
    interval.metricGauges.clear();
    for (const [metric, readings] of perMetric) {
      const merged = mergeGauges(metric, readings)!;
      interval.metricGauges.set(metric, merged);
      const known = metricGauges.get(metric);
      metricGauges.set(
        metric,
        known
          ? {
              value: merged.value,
              min: Math.min(known.min, merged.min),
              max: Math.max(known.max, merged.max),
            }
          : merged,
      );
    }
  }

  function nameFigures(name: string): FiguresAccumulator {
    let acc = byName.get(name);
    if (!acc) byName.set(name, (acc = createAccumulator()));
    return acc;
  }

  function addInterval(snapshots: readonly IntervalSnapshot[], frame?: IntervalFrame): IntervalView {
    const where = snapshots[0] ?? frame;
    if (!where) throw new Error('addInterval needs a snapshot or a frame');
    const stray = snapshots.find((snapshot) => snapshot.index !== where.index);
    if (stray) throw new Error(`addInterval: snapshots of intervals ${where.index} and ${stray.index} mixed`);
    runStartMs ??= where.startMs;
    resetAccumulator(total);
    for (const acc of byName.values()) resetAccumulator(acc);
    byTarget.reset();
    const touchedNames = new Set<string>();
    let droppedIterations = 0;
    let iterations = 0;
    const loads: GeneratorLoad[] = [];
    for (const snapshot of snapshots) {
      noteTransports(snapshot);
      if (snapshot.generator && noteLoad(snapshot, snapshot.generator, false)) loads.push(snapshot.generator);
      const { runnerId } = snapshot;
      for (let position = 0; position < snapshot.series.length; position++) {
        const series = snapshot.series[position]!;
        if (series.type === 'gauge') {
          noteGauge(snapshot, series, false, { source: runnerId, position });
          continue;
        }
        table.fold(series, where.index, runnerId, position);
        accumulate(total, series);
        const name = requestName(series);
        if (name !== undefined) {
          accumulate(nameFigures(name), series);
          touchedNames.add(name);
          byTarget.add(series, name);
        }
        if (series.metric === 'dropped_iterations') droppedIterations += series.count ?? 0;
        else if (series.metric === 'iterations') iterations += series.count ?? 0;
      }
    }
    // histograms once per series and interval, added over the runners already
    for (const series of table.closeInterval()) {
      const counts = series.interval.histogram!.counts;
      accumulateHistogram(total, series.metric, counts);
      const name = requestName(series);
      if (name !== undefined) {
        accumulateHistogram(nameFigures(name), series.metric, counts);
        touchedNames.add(name);
        byTarget.addHistogram(series, counts, name);
      }
    }
    foldGauges(new Set(snapshots.map((snapshot) => snapshot.runnerId)), where.index);
    // no prototype: a request named "constructor" or "__proto__" is just a name
    const names: Record<string, IntervalFigures> = Object.create(null);
    for (const name of touchedNames) names[name] = toFigures(nameFigures(name));
    // a runner that ended early sent a partial interval: the second ends with the longest
    const endMs = Math.max(where.endMs, ...snapshots.map((snapshot) => snapshot.endMs));
    interval.index = where.index;
    interval.durationMs = endMs - where.startMs;
    cumulative.durationMs = endMs - runStartMs;
    const busiest = worstLoad(loads);
    const targets = byTarget.view();
    const intervalView: IntervalView = {
      index: where.index,
      startMs: where.startMs,
      endMs,
      elapsedMs: endMs - runStartMs,
      vus: metricGauges.get('vus')?.value ?? 0,
      vusMax: metricGauges.get('vus_max')?.value ?? 0,
      total: toFigures(total),
      byName: names,
      ...(targets ? { byTarget: targets } : {}),
      droppedIterations,
      iterations,
      ...(busiest ? { generator: { load: busiest, saturated: saturation.saturatedAt(where.index) } } : {}),
      run: data,
    };
    columns.append(intervalView, runStartMs);
    return intervalView;
  }

  return {
    addInterval,
    addLate(snapshot) {
      noteTransports(snapshot);
      if (snapshot.generator) noteLoad(snapshot, snapshot.generator, true);
      for (const series of snapshot.series) {
        if (series.type === 'gauge') noteGauge(snapshot, series, true);
        else table.fold(series, undefined);
      }
    },
    data,
  };
}
