import type { Segment } from '../plan/segment.ts';

/** One VU as an executor sees it: opaque, handed back to the runtime. */
export interface ExecutorVU {
  readonly localIndex: number;
}

/**
 * What the runner gives an executor: VUs, iterations, the clock and the stop signals.
 * An executor decides only *when* iterations start and on which VU; everything else
 * (recording, errors, behaviour) is the runtime's.
 */
export interface ScenarioRuntime<V extends ExecutorVU = ExecutorVU> {
  readonly segment: Segment;
  /** performance.now() at which this scenario starts (its startTime included). */
  readonly startAt: number;
  /**
   * performance.now() before which the schedule is already past: a share taken over from
   * a lost runner mid-run starts here (src/cluster); -Infinity or startAt otherwise.
   */
  readonly resumeAt: number;
  /** How long iterations may run on after the scenario's active time (ms). */
  readonly gracefulStopMs: number;
  /** True once the run is asked to stop: start no new iterations. */
  readonly stopping: boolean;
  now(): number;
  /**
   * Resolves at `at` (performance.now() time), or early with false when the run stops or
   * `cancel` aborts (a timer that is no longer wanted holds nothing open).
   */
  sleepUntil(at: number, cancel?: AbortSignal): Promise<boolean>;
  /**
   * Resolves once the event loop has turned: what is due now has run (I/O that already
   * arrived, such as responses that end iterations; timers and signals), and on the
   * virtual clock, the timers due at this instant. Executors call it before growing or
   * dropping (arrival-driver.ts) and between batches of VUs created (vu-batches.ts), so
   * a long start never holds up a stop.
   */
  yieldToIO(): Promise<void>;
  /** Allocates a VU (counted in vus_max) and runs its onStart. */
  createVU(): Promise<V>;
  /** Runs onStop; the VU is not used again. */
  retireVU(vu: V): Promise<void>;
  /** One iteration; never rejects. `lagMs`: how late an open-model iteration started. */
  iterate(vu: V, lagMs: number | undefined): Promise<void>;
  /**
   * Iterations on `vu` back to back while `more(now)` holds (the closed model); resolves
   * after the last, never rejects. `now` is the clock at the end of the previous one.
   */
  iterateWhile(vu: V, more: (nowMs: number) => boolean): Promise<void>;
  /** Interrupts the VU's current iteration now (its requests and sleeps end at once). */
  interruptVU(vu: V): void;
  /** VUs currently running iterations or looping (the `vus` gauge). */
  setActiveVUs(count: number): void;
  dropIteration(): void;
  /**
   * Waits for `work` to finish, but no longer than `hardDeadline` (performance.now() time)
   * or a hard stop: then every VU of the scenario is interrupted and `work` is abandoned.
   */
  settle(work: Promise<unknown>, hardDeadline: number): Promise<void>;
}
