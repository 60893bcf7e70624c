import { monotonicMs } from '../clock.ts';
import { runExecutor } from '../executors/index.ts';
import { iterationPool } from '../executors/shared-iterations.ts';
import type { HttpClientContext } from '../http/context.ts';
import { createRecorder, type IntervalSnapshot } from '../metrics/index.ts';
import type { Plan } from '../plan/plan.ts';
import { type Segment, shareOf, vuIds } from '../plan/segment.ts';
import { GeneratorMeter } from './generator-meter.ts';
import { RunControl, sleepUntil } from './run-control.ts';
import { type RunnerContext, ScenarioRun } from './scenario-runtime.ts';
import { ScriptErrors } from './script-errors.ts';
import type { VuHttpClient } from './vu.ts';

export const INTERVAL_MS = 1000;

export interface RunnerOptions {
  readonly runnerId: string;
  readonly segment: Segment;
  /** Epoch ms at which every runner of the run starts, so their intervals line up. */
  readonly startAtEpochMs: number;
  /**
   * A share taken over mid-run (cluster mode): the plan's schedule before this epoch ms is
   * past, and runs nowhere again; the first snapshot is the interval it falls in.
   */
  readonly resumeAtEpochMs?: number;
  /**
   * With a share taken over: the iterations the lost runner left undone, per
   * iteration-count scenario (per-vu-iterations, shared-iterations), run from one pool by
   * this share's VUs instead of its own part of the plan (docs/cluster.md).
   */
  readonly handedIterations?: Readonly<Record<string, number>>;
  readonly setupData: unknown;
  readonly createHttp: (context: HttpClientContext) => VuHttpClient;
  /** Called every second, and once more at the end with the last partial interval. */
  readonly onSnapshot: (snapshot: IntervalSnapshot) => void;
  readonly printError: (line: string) => void;
}

/**
 * Executes one segment of a plan on this event loop: all its scenarios side by side,
 * a snapshot of its metrics every second. The same code runs in the main thread, in a
 * worker thread, and in a remote runner's worker thread (src/cluster). Each snapshot carries how hard this
 * runner's own thread worked (GeneratorMeter), so a saturated generator shows.
 */
export class Runner {
  readonly #plan: Plan;
  readonly #options: RunnerOptions;
  readonly #control = new RunControl();

  constructor(plan: Plan, options: RunnerOptions) {
    this.#plan = plan;
    this.#options = options;
  }

  stop(mode: 'graceful' | 'hard'): void {
    this.#control.stop(mode);
  }

  async run(): Promise<void> {
    const { runnerId, segment, startAtEpochMs, onSnapshot } = this.#options;
    const recorder = createRecorder(runnerId);
    for (const def of this.#plan.metrics) recorder.define(def);
    const startAt = monotonicMs() + (startAtEpochMs - Date.now());
    const resumeAfterMs = Math.max(0, (this.#options.resumeAtEpochMs ?? startAtEpochMs) - startAtEpochMs);
    const nextVuId = vuIds(segment);
    let vusAllocated = 0;
    let activeVUs = 0;
    const transports = new Set<string>();
    // the run's tags (test `tags`, --tag) are on every sample, these too
    const runTags = this.#plan.tags;
    const gauges = { vus: recorder.series('vus', runTags), vusMax: recorder.series('vus_max', runTags) };
    const context: RunnerContext = {
      recorder,
      segment,
      control: this.#control,
      http: this.#plan.http,
      customMetrics: this.#plan.metrics.length > 0,
      runTags: this.#plan.tags,
      resumeAt: startAt + resumeAfterMs,
      setupData: this.#options.setupData,
      scriptErrors: new ScriptErrors(recorder, this.#options.printError),
      createHttp: this.#options.createHttp,
      allocateVu: () => {
        const localIndex = vusAllocated++;
        return { id: nextVuId(), localIndex };
      },
      // Read at every change, not only at the tick: under an open model VUs are busy for
      // milliseconds at a time, and a reading once a second would see min=0 max=0.
      changeActiveVUs: (delta) => {
        activeVUs += delta;
        recorder.gauge(gauges.vus, activeVUs);
      },
      noteTransport: (name) => transports.add(name),
      ...abTargets(this.#plan),
    };
    const meter = new GeneratorMeter();
    const takeSnapshot = (index: number, endMs: number): void => {
      recorder.gauge(gauges.vus, activeVUs);
      recorder.gauge(gauges.vusMax, vusAllocated);
      const snapshot = recorder.snapshot(index, startAtEpochMs + index * INTERVAL_MS, endMs);
      onSnapshot({ ...snapshot, transports: [...transports], generator: meter.read() });
    };

    const ticker = startTicker(startAt, Math.floor(resumeAfterMs / INTERVAL_MS), (index) =>
      takeSnapshot(index, startAtEpochMs + (index + 1) * INTERVAL_MS),
    );
    try {
      await sleepUntil(startAt + resumeAfterMs, this.#control.hardSignal);
      await Promise.all(
        this.#plan.scenarios.map((scenario) => this.#runScenario(scenario, context, startAt)),
      );
    } finally {
      const lastIndex = ticker.stop();
      takeSnapshot(lastIndex, Date.now());
      meter.stop();
    }
  }

  async #runScenario(scenario: Plan['scenarios'][number], context: RunnerContext, runStart: number) {
    const startAt = runStart + scenario.startTimeMs;
    const { executor } = scenario;
    const handed = this.#options.handedIterations;
    const counted = executor.type === 'per-vu-iterations' || executor.type === 'shared-iterations';
    const left = handed && counted ? (handed[scenario.name] ?? 0) : undefined;
    if (left === 0) return;
    if (!(await sleepUntil(startAt, this.#control.stopSignal))) return;
    const run = new ScenarioRun(scenario, context, startAt);
    try {
      if (left !== undefined && counted) {
        // as many VUs as this part of the lost share had, at least one, no more than iterations
        const vus = Math.min(left, Math.max(1, shareOf(context.segment, executor.vus)));
        await iterationPool(run, vus, left, executor.maxDurationMs);
      } else await runExecutor(executor, run);
    } finally {
      await run.closeAbandoned();
    }
  }
}

/**
 * Calls `tick(index)` at the end of each whole second after `startAt`, from interval
 * `first` on, on absolute times (no drift). `stop()` returns the index of the interval in progress.
 */
function startTicker(startAt: number, first: number, tick: (index: number) => void): { stop(): number } {
  let index = first;
  let timer: NodeJS.Timeout;
  const schedule = (): void => {
    const due = startAt + (index + 1) * INTERVAL_MS;
    timer = setTimeout(
      () => {
        tick(index);
        index++;
        schedule();
      },
      Math.max(0, due - monotonicMs()),
    );
  };
  schedule();
  return {
    stop() {
      clearTimeout(timer);
      return index;
    },
  };
}

/** A/B: target B's rewrite of A's base URL, and its share (docs/ab.md). */
function abTargets(plan: Plan): Pick<RunnerContext, 'targets'> {
  const { targets } = plan;
  return targets ? { targets: { rewrite: { from: targets.a, to: targets.b }, share: targets.share } } : {};
}
