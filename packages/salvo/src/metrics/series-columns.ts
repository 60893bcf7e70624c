import type {
  GeneratorColumns,
  IntervalFigures,
  IntervalView,
  LatencyFigures,
  ResultsSeries,
  SeriesBlock,
} from '../results/index.ts';
import { SATURATION_LIMITS } from './generator-load.ts';

type LatencyColumns = NonNullable<SeriesBlock['responseTime']>;
const LATENCY_KEYS = ['p50', 'p90', 'p95', 'p99', 'max'] as const;

/** ms rounded to the µs the histograms resolve: keeps an hour-long series small. */
function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function emptyLatency(length: number): LatencyColumns {
  const nulls = () => new Array<number | null>(length).fill(null);
  return { p50: nulls(), p90: nulls(), p95: nulls(), p99: nulls(), max: nulls() };
}

function emptyBlock(length: number): SeriesBlock {
  const zeros = () => new Array<number>(length).fill(0);
  return {
    requests: zeros(),
    failures: zeros(),
    errors: {},
    ...emptyLatency(length),
    bytesSent: zeros(),
    bytesReceived: zeros(),
  };
}

function pushLatency(columns: LatencyColumns, figures: LatencyFigures | undefined): void {
  for (const key of LATENCY_KEYS) columns[key].push(figures ? roundMs(figures[key]) : null);
}

/** Appends one second to a block that already has `length` entries. */
function pushFigures(block: SeriesBlock, figures: IntervalFigures | undefined, length: number): void {
  block.requests.push(figures?.requests ?? 0);
  block.failures.push(figures?.failures ?? 0);
  if (figures?.injectedFailures !== undefined && !block.injectedFailures)
    block.injectedFailures = new Array<number>(length).fill(0);
  block.injectedFailures?.push(figures?.injectedFailures ?? 0);
  block.bytesSent.push(figures?.bytesSent ?? 0);
  block.bytesReceived.push(figures?.bytesReceived ?? 0);
  pushLatency(block, figures?.duration);
  if (figures?.responseTime && !block.responseTime) block.responseTime = emptyLatency(length);
  if (block.responseTime) pushLatency(block.responseTime, figures?.responseTime);
  const errors = figures?.errors ?? {};
  for (const kind of Object.keys(errors)) block.errors[kind] ??= new Array<number>(length).fill(0);
  for (const [kind, column] of Object.entries(block.errors)) column.push(errors[kind] ?? 0);
}

/** A ratio (ELU, CPU) to the thousandth. */
function roundRatio(ratio: number): number {
  return Math.round(ratio * 1000) / 1000;
}

/**
 * Appends one second of the generator's load. A runner is saturated only after enough
 * seconds in a row at a limit, so the seconds before the one that tells are marked too.
 */
function pushGenerator(columns: GeneratorColumns, view: IntervalView, positions: Map<number, number>): void {
  const load = view.generator?.load;
  columns.eventLoopDelayP99Ms.push(load ? roundMs(load.eventLoopDelayP99Ms) : null);
  columns.eventLoopDelayMaxMs.push(load ? roundMs(load.eventLoopDelayMaxMs) : null);
  columns.elu.push(load ? roundRatio(load.elu) : null);
  columns.cpu.push(load ? roundRatio(load.cpu) : null);
  columns.cpuWait.push(load?.cpuWait === undefined ? null : roundRatio(load.cpuWait));
  columns.saturated.push(false);
  positions.set(view.index, columns.saturated.length - 1);
  if (!view.generator?.saturated.length) return;
  for (let back = 0; back < SATURATION_LIMITS.consecutiveIntervals; back++) {
    const position = positions.get(view.index - back);
    if (position !== undefined) columns.saturated[position] = true;
  }
}

/**
 * The run's per-second series, columnar: one number per column per second, so an hour is
 * 3 600 entries a column. A request name or error kind first seen later is back-filled
 * with zeros (latencies with null) so every column has one entry per second.
 */
export class SeriesColumns {
  readonly data: ResultsSeries = {
    t: [],
    vus: [],
    droppedIterations: [],
    iterations: [],
    total: emptyBlock(0),
    // no prototype: a request named "constructor" or "__proto__" is just a name
    byName: Object.create(null) as Record<string, SeriesBlock>,
    generator: {
      eventLoopDelayP99Ms: [],
      eventLoopDelayMaxMs: [],
      elu: [],
      cpu: [],
      cpuWait: [],
      saturated: [],
    },
  };
  /** Column position of each interval index, for marking the seconds of a saturated stretch. */
  readonly #positions = new Map<number, number>();

  append(view: IntervalView, runStartMs: number): void {
    const length = this.data.t.length;
    this.data.t.push(view.startMs - runStartMs);
    this.data.vus.push(view.vus);
    this.data.droppedIterations.push(view.droppedIterations);
    this.data.iterations.push(view.iterations);
    pushFigures(this.data.total, view.total, length);
    pushGenerator(this.data.generator, view, this.#positions);
    for (const name in view.byName) this.data.byName[name] ??= emptyBlock(length);
    for (const [name, block] of Object.entries(this.data.byName))
      pushFigures(block, view.byName[name], length);
    if (view.byTarget || this.data.byTarget) this.#appendTargets(view, length);
  }

  /** A/B runs: the same columns per target and name (`series.byTarget`), back-filled alike. */
  #appendTargets(view: IntervalView, length: number): void {
    const byTarget = (this.data.byTarget ??= Object.create(null) as Record<
      string,
      Record<string, SeriesBlock>
    >);
    for (const target in view.byTarget) {
      const names = (byTarget[target] ??= Object.create(null) as Record<string, SeriesBlock>);
      for (const name in view.byTarget[target]) names[name] ??= emptyBlock(length);
    }
    for (const [target, names] of Object.entries(byTarget)) {
      for (const [name, block] of Object.entries(names))
        pushFigures(block, view.byTarget?.[target]?.[name], length);
    }
  }
}
