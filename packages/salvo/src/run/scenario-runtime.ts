import { setImmediate as afterIO } from 'node:timers/promises';
import { monotonicMs } from '../clock.ts';
import type { ScenarioRuntime } from '../executors/types.ts';
import { FeedExhaustedError } from '../feed/index.ts';
import type { RequestSeriesCache } from '../http/client-metrics.ts';
import type { UrlRewrite } from '../http/client-prepare.ts';
import type { HttpClientContext } from '../http/context.ts';
import type { TransportName } from '../http/types.ts';
import { customMetricScope } from '../metrics/custom.ts';
import type { Recorder, SeriesId, Tags } from '../metrics/types.ts';
import type { PlannedScenario, PlannedTask } from '../plan/plan.ts';
import type { Segment } from '../plan/segment.ts';
import type { HttpDefaults, VUFunction } from '../plan/types.ts';
import { AbSplit } from './ab-split.ts';
import { type RunControl, sleepUntil } from './run-control.ts';
import type { ScriptErrors } from './script-errors.ts';
import { TagScope } from './tag-scope.ts';
import { pickTask } from './task-order.ts';
import { sleepMs, VirtualUser, type VuHttpClient } from './vu.ts';

const RESOLVED: Promise<void> = Promise.resolve();

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/** What every scenario of one runner shares. */
export interface RunnerContext {
  readonly recorder: Recorder;
  readonly segment: Segment;
  readonly control: RunControl;
  readonly http: HttpDefaults;
  /** The test declares custom metrics: user code runs as its VU (metrics/custom.ts). */
  readonly customMetrics: boolean;
  readonly runTags: Tags;
  /** performance.now() before which the schedule is past (a share taken over mid-run). */
  readonly resumeAt: number;
  readonly setupData: unknown;
  readonly scriptErrors: ScriptErrors;
  readonly createHttp: (context: HttpClientContext) => VuHttpClient;
  /** Next global VU id and local index for this runner. */
  readonly allocateVu: () => { id: number; localIndex: number };
  /**
   * Adds to the runner's active VUs (`vus`): VUs running in a closed-model scenario, VUs
   * busy with an iteration in an open-model one.
   */
  readonly changeActiveVUs: (delta: number) => void;
  /** A VU's client sent through this transport (results: meta.transport). */
  readonly noteTransport: (name: TransportName) => void;
  /** A/B (docs/ab.md): B's rewrite of A's base URL and its share; absent in other runs. */
  readonly targets?: { readonly rewrite: UrlRewrite; readonly share: number };
}

/** A/B: the scopes of targets A and B (the scenario's tags plus `target`), and the split. */
interface TargetScopes {
  readonly scopes: readonly [TagScope, TagScope];
  readonly split: AbSplit;
}

/** Runs one scenario's iterations on VUs for its executor (see executors/types.ts). */
export class ScenarioRun implements ScenarioRuntime<VirtualUser> {
  readonly segment: Segment;
  readonly startAt: number;
  readonly resumeAt: number;
  readonly gracefulStopMs: number;
  readonly #scenario: PlannedScenario;
  readonly #runner: RunnerContext;
  readonly #tags: Tags;
  /** The scenario's tags and series caches; groups branch off it. */
  readonly #rootScope: TagScope;
  readonly #vus = new Set<VirtualUser>();
  readonly #ids: { iterations: SeriesId; iterationDuration: SeriesId; dropped: SeriesId };
  readonly #taskWeightTotal: number;
  readonly #targets: TargetScopes | undefined;
  #activeVUs = 0;

  constructor(scenario: PlannedScenario, runner: RunnerContext, startAt: number) {
    this.segment = runner.segment;
    this.startAt = startAt;
    this.resumeAt = runner.resumeAt;
    this.gracefulStopMs = scenario.gracefulStopMs;
    this.#scenario = scenario;
    this.#runner = runner;
    this.#tags = { ...runner.runTags, ...scenario.tags, scenario: scenario.name };
    this.#rootScope = new TagScope(runner.recorder, this.#tags);
    const { recorder } = runner;
    this.#targets = runner.targets && {
      scopes: [
        new TagScope(recorder, { ...this.#tags, target: 'A' }),
        new TagScope(recorder, { ...this.#tags, target: 'B' }),
      ],
      split: new AbSplit(runner.targets.share),
    };
    this.#ids = {
      iterations: recorder.series('iterations', this.#tags),
      iterationDuration: recorder.series('iteration_duration', this.#tags),
      dropped: recorder.series('dropped_iterations', this.#tags),
    };
    this.#taskWeightTotal = scenario.behaviour.tasks.reduce((sum, task) => sum + task.weight, 0);
  }

  get stopping(): boolean {
    return this.#runner.control.stopping;
  }

  now(): number {
    return monotonicMs();
  }

  sleepUntil(at: number, cancel?: AbortSignal): Promise<boolean> {
    const { stopSignal } = this.#runner.control;
    return sleepUntil(at, cancel ? AbortSignal.any([stopSignal, cancel]) : stopSignal);
  }

  /** setImmediate runs after the poll phase, where responses that arrived are read. */
  yieldToIO(): Promise<void> {
    return afterIO();
  }

  async createVU(): Promise<VirtualUser> {
    const { behaviour, name } = this.#scenario;
    // an A/B run's VUs start on A (onStart runs there); each iteration then picks its target
    const root = this.#targets?.scopes[0] ?? this.#rootScope;
    const vu = new VirtualUser(
      this.#runner.allocateVu(),
      name,
      this.#runner.setupData,
      behaviour.tasks,
      root,
    );
    const httpContext = new VuHttpContext(vu, this.#runner, this.#tags, root.requestSeries);
    vu.httpContext = httpContext;
    vu.http = this.#runner.createHttp(httpContext);
    this.#vus.add(vu);
    if (behaviour.onStart && !this.#runner.control.hardSignal.aborted) {
      const stopHard = () => vu.interrupt();
      this.#runner.control.hardSignal.addEventListener('abort', stopHard, { once: true });
      await this.#guard(vu, behaviour.onStart, 'onStart');
      this.#runner.control.hardSignal.removeEventListener('abort', stopHard);
    }
    return vu;
  }

  async retireVU(vu: VirtualUser): Promise<void> {
    if (!this.#vus.delete(vu)) return;
    const { onStop } = this.#scenario.behaviour;
    if (onStop && !this.#runner.control.hardSignal.aborted) await this.#guard(vu, onStop, 'onStop');
    await vu.http.close();
  }

  /** Closes the connections of VUs abandoned at a hard deadline (never retired). */
  async closeAbandoned(): Promise<void> {
    const left = [...this.#vus];
    this.#vus.clear();
    await Promise.all(left.map((vu) => vu.http.close()));
  }

  iterate(vu: VirtualUser, lagMs: number | undefined): Promise<void> {
    vu.iteration++;
    if (this.#targets) this.#pickTarget(vu, this.#targets);
    vu.lagMs = lagMs;
    const { exec } = this.#scenario.behaviour;
    if (exec) return this.#execIteration(vu, exec);
    return this.#scenario.behaviour.sequential ? this.#sequenceIteration(vu) : this.#taskIteration(vu);
  }

  iterateWhile(vu: VirtualUser, more: (nowMs: number) => boolean): Promise<void> {
    if (!this.#scenario.behaviour.exec) return this.#taskLoop(vu, more);
    const end = (vu.iterationEnd ??= new IterationEnd(this, vu));
    return new Promise((resolve) => {
      end.more = more;
      end.endLoop = resolve;
      this.continueLoop(vu, end, monotonicMs());
    });
  }

  /**
   * The closed-model loop of k6-style iterations: starts the next one on `vu` unless `more`
   * says stop. Its end handlers call back here, so iterations follow each other without a
   * promise of the loop's own, and one clock reading at each boundary is both the last
   * iteration's end and the next one's start. An iteration that ended without waiting (it
   * threw at once, or made no request) gives the event loop a turn before the next: a VU
   * spinning on such iterations would otherwise hold the loop, and with it every other VU,
   * the interval snapshots and Ctrl-C, until its duration ends. There is no backoff beyond
   * that turn: as in k6, an exec's pace is the script's (a fast throw may be how it ends an
   * iteration early), and Locust-style tasks keep their think time when they throw.
   */
  continueLoop(vu: VirtualUser, end: IterationEnd, nowMs: number): void {
    if (!end.more(nowMs)) {
      end.endLoop();
      return;
    }
    vu.iteration++;
    if (this.#targets) this.#pickTarget(vu, this.#targets);
    vu.lagMs = undefined;
    end.startedAt = nowMs;
    const waiting = this.#startExec(vu, end, this.#scenario.behaviour.exec as VUFunction);
    if (waiting !== undefined) {
      Promise.resolve(waiting).then(end.doneThenNext, end.failedThenNext);
      return;
    }
    this.iterationDone(nowMs);
    setImmediate(end.next);
  }

  /**
   * Runs `exec` on `vu` up to its first wait: returns what to wait for, or undefined when
   * the iteration is over already (a throw is recorded as its script error).
   */
  #startExec(vu: VirtualUser, end: IterationEnd, exec: VUFunction): PromiseLike<unknown> | undefined {
    end.signal = vu.signal;
    try {
      const result = this.#runner.customMetrics ? customMetricScope.run(vu, exec, vu) : exec(vu);
      // inside the try: a user's object may have a throwing `then`
      if (isThenable(result)) return result;
    } catch (error) {
      this.scriptError(end.signal, vu.scenario, error);
    }
    return undefined;
  }

  async #taskLoop(vu: VirtualUser, more: (nowMs: number) => boolean): Promise<void> {
    while (more(monotonicMs())) await this.iterate(vu, undefined);
  }

  /**
   * A k6-style iteration. Not async: this is every request's path, and one `then` costs
   * about half the allocations of an async function's frame and promise.
   */
  #execIteration(vu: VirtualUser, exec: VUFunction): Promise<void> {
    const end = (vu.iterationEnd ??= new IterationEnd(this, vu));
    end.startedAt = monotonicMs();
    const waiting = this.#startExec(vu, end, exec);
    if (waiting === undefined) {
      end.done();
      return RESOLVED;
    }
    // Promise.resolve returns a native promise as it is, and adopts any other thenable.
    return Promise.resolve(waiting).then(end.done, end.failed);
  }

  /**
   * A Locust-style iteration: the next task by weight, then the think time or pacing, also
   * after a task that threw (as Locust waits), so a broken task keeps its users' pace.
   * Without a wait, one turn of the event loop, so a task that ends at once cannot hold it.
   */
  async #taskIteration(vu: VirtualUser): Promise<void> {
    const startedAt = monotonicMs();
    const task = this.#nextTask(vu);
    await this.#guard(vu, task.run, task.name);
    const thinkMs = this.#thinkMs(vu, monotonicMs() - startedAt);
    await (thinkMs > 0 ? sleepMs(thinkMs, vu.signal) : afterIO());
    this.iterationDone(startedAt);
  }

  /**
   * A sequential list (Locust's SequentialTaskSet): one iteration is one pass through the
   * tasks in order, with the think time after each. A task that throws ends the pass, as a
   * throw ends an exec's iteration: later steps of a journey (checkout after login) mostly
   * depend on earlier ones. The next iteration starts again from the first task.
   */
  async #sequenceIteration(vu: VirtualUser): Promise<void> {
    const startedAt = monotonicMs();
    const signal = vu.signal;
    let waited = false;
    for (const task of this.#scenario.behaviour.tasks) {
      const taskStartedAt = monotonicMs();
      const completed = await this.#guard(vu, task.run, task.name);
      const thinkMs = this.#thinkMs(vu, monotonicMs() - taskStartedAt);
      if (thinkMs > 0) {
        waited = true;
        await sleepMs(thinkMs, signal);
      }
      if (!completed || signal.aborted) break;
    }
    if (!waited) await afterIO();
    this.iterationDone(startedAt);
  }

  /** The think time after a task, in ms; a think function that throws is a script error and no wait. */
  #thinkMs(vu: VirtualUser, lastTaskMs: number): number {
    const { think } = this.#scenario.behaviour;
    if (!think) return 0;
    try {
      return think({ lastTaskMs }) * 1000;
    } catch (error) {
      this.scriptError(vu.signal, 'think', error);
      return 0;
    }
  }

  /** Counts a finished iteration and its duration (for IterationEnd too); returns its end. */
  iterationDone(startedAt: number): number {
    const { recorder } = this.#runner;
    const endMs = monotonicMs();
    recorder.count(this.#ids.iterations, 1);
    recorder.trend(this.#ids.iterationDuration, Math.round((endMs - startedAt) * 1000));
    return endMs;
  }

  /** A user's code threw: a script error, unless the VU was interrupted (a stop ends requests). */
  scriptError(signal: AbortSignal, where: string, error: unknown): void {
    if (signal.aborted) return;
    this.#runner.scriptErrors.record(this.#tags, where, error);
    // a unique feed ran dry: iterations would only fail from here on
    if (error instanceof FeedExhaustedError) this.#runner.control.stop('graceful');
  }

  interruptVU(vu: VirtualUser): void {
    vu.interrupt();
  }

  setActiveVUs(count: number): void {
    const delta = count - this.#activeVUs;
    this.#activeVUs = count;
    if (delta !== 0) this.#runner.changeActiveVUs(delta);
  }

  dropIteration(): void {
    this.#runner.recorder.count(this.#ids.dropped, 1);
  }

  /**
   * Waits for `work`, at most until `hardDeadline`, or gracefulStop after a stop request
   * if that comes first; then interrupts every VU of the scenario and lets `work` go.
   */
  async settle(work: Promise<unknown>, hardDeadline: number): Promise<void> {
    const { control } = this.#runner;
    const finished = work.then(() => true);
    for (;;) {
      const deadline = Math.min(hardDeadline, control.stoppedAt + this.gracefulStopMs);
      // the timer is cancelled when the work ends first, so it holds nothing open
      const wake = new AbortController();
      const signals = [wake.signal, control.hardSignal];
      if (!control.stopping) signals.push(control.stopSignal);
      const done = await Promise.race([
        finished,
        sleepUntil(deadline, AbortSignal.any(signals)).then(() => false),
      ]);
      wake.abort();
      if (done) return;
      if (control.hardSignal.aborted || monotonicMs() >= deadline) break;
      // a graceful stop began: wait again, now bounded by the stop time plus gracefulStop
    }
    for (const vu of this.#vus) vu.interrupt();
    // interrupted requests and sleeps end at once; user code stuck elsewhere is abandoned
    await Promise.race([work, new Promise((resolve) => setTimeout(resolve, 200).unref())]);
  }

  /** A/B: sends the VU's next iteration to the target the split gives (docs/ab.md). */
  #pickTarget(vu: VirtualUser, targets: TargetScopes): void {
    const target = targets.split.next();
    vu.enterTarget(target, targets.scopes[target]);
  }

  /** Smooth weighted round-robin (task-order.ts): the order interleaves tasks in proportion to their weight. */
  #nextTask(vu: VirtualUser): PlannedTask {
    const { tasks } = this.#scenario.behaviour;
    return tasks[pickTask(tasks, vu.taskCredit, this.#taskWeightTotal)]!;
  }

  /** Runs user code on `vu`; a throw is recorded as a script error. Returns whether it completed. */
  async #guard(vu: VirtualUser, fn: VUFunction, where: string): Promise<boolean> {
    const signal = vu.signal;
    try {
      await (this.#runner.customMetrics ? customMetricScope.run(vu, fn, vu) : fn(vu));
      return true;
    } catch (error) {
      this.scriptError(signal, where, error);
      return false;
    }
  }
}

/** A VU's HTTP client context: a class, as an object literal with a getter is a dictionary. */
class VuHttpContext implements HttpClientContext {
  readonly recorder: Recorder;
  readonly defaults: HttpDefaults;
  readonly baseTags: Tags;
  /** The VU's scenario's, or its group's while it is in one (VirtualUser.group switches it). */
  requestSeries: RequestSeriesCache;
  readonly noteTransport: (name: TransportName) => void;
  readonly targetB: UrlRewrite | undefined;
  /** A/B: 0 (A) or 1 (B), the VU's current iteration's (VirtualUser.enterTarget sets it). */
  target = 0;
  readonly #vu: VirtualUser;

  constructor(vu: VirtualUser, runner: RunnerContext, baseTags: Tags, requestSeries: RequestSeriesCache) {
    this.#vu = vu;
    this.recorder = runner.recorder;
    this.defaults = runner.http;
    this.baseTags = baseTags;
    this.requestSeries = requestSeries;
    this.noteTransport = runner.noteTransport;
    this.targetB = runner.targets?.rewrite;
  }

  iterationLagMs(): number | undefined {
    return this.#vu.lagMs;
  }

  get signal(): AbortSignal {
    return this.#vu.signal;
  }
}

const NEVER = (): boolean => false;
const NOTHING = (): void => {};

/**
 * The end of a VU's k6-style iterations: the running one's start and signal, and the
 * handlers its promise settles into, made once per VU instead of closures per iteration:
 * `done`/`failed` for a single iteration, the `ThenNext` pair and `next` inside a loop (iterateWhile).
 */
export class IterationEnd {
  startedAt = 0;
  signal: AbortSignal;
  /** The loop's condition and its end, while the VU loops. */
  more: (nowMs: number) => boolean = NEVER;
  endLoop: () => void = NOTHING;
  readonly done: () => void;
  readonly failed: (error: unknown) => void;
  readonly doneThenNext: () => void;
  readonly failedThenNext: (error: unknown) => void;
  /** The loop's next iteration, after an event-loop turn (continueLoop). */
  readonly next: () => void;

  constructor(run: ScenarioRun, vu: VirtualUser) {
    this.signal = vu.signal;
    this.done = () => {
      run.iterationDone(this.startedAt);
    };
    this.failed = (error) => {
      run.scriptError(this.signal, vu.scenario, error);
      run.iterationDone(this.startedAt);
    };
    this.doneThenNext = () => run.continueLoop(vu, this, run.iterationDone(this.startedAt));
    this.failedThenNext = (error) => {
      run.scriptError(this.signal, vu.scenario, error);
      run.continueLoop(vu, this, run.iterationDone(this.startedAt));
    };
    this.next = () => run.continueLoop(vu, this, monotonicMs());
  }
}
