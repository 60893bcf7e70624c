import { setImmediate as settleMicrotasks } from 'node:timers/promises';
import { type Segment, WHOLE } from '../../plan/segment.ts';
import type { ExecutorVU, ScenarioRuntime } from '../types.ts';

/**
 * A ScenarioRuntime on a virtual clock, for testing executors exactly and fast: time
 * moves only when every VU is waiting, straight to the next timer. Stops behave as the
 * runner's (run/run-control.ts): a graceful stop wakes sleepers and bounds the settling
 * by gracefulStop from the stop, a hard stop ends it at once.
 */
export class VirtualRuntime implements ScenarioRuntime {
  readonly segment: Segment;
  readonly startAt = 0;
  readonly resumeAt: number;
  readonly gracefulStopMs: number;
  stopping = false;
  clock = 0;
  /** Virtual time of the first stop, and when settle gave up on the work (VUs interrupted). */
  stoppedAt: number | undefined;
  settledByDeadlineAt: number | undefined;
  readonly interruptions: number[] = [];
  #hard = false;
  /** Sleepers a stop wakes (sleepUntil's, not an iteration's own time). */
  readonly #sleepers = new Set<(slept: boolean) => void>();
  #onStop: () => void = () => {};
  readonly iterations: { vu: number; at: number; lagMs: number | undefined }[] = [];
  readonly active: { at: number; count: number }[] = [];
  dropped = 0;
  created = 0;
  retired = 0;
  interrupted = 0;
  yields = 0;
  readonly #timers: { at: number; wake: (slept: boolean) => void }[] = [];
  readonly #iterationMs: (vu: ExecutorVU) => number;

  constructor(options: {
    segment?: Segment;
    gracefulStopMs?: number;
    resumeAt?: number;
    iterationMs: (vu: ExecutorVU) => number;
  }) {
    this.segment = options.segment ?? WHOLE;
    this.resumeAt = options.resumeAt ?? Number.NEGATIVE_INFINITY;
    // the runner begins a resumed share's scenarios at the resume instant
    this.clock = Math.max(0, this.resumeAt);
    this.gracefulStopMs = options.gracefulStopMs ?? 30_000;
    this.#iterationMs = options.iterationMs;
  }

  now(): number {
    return this.clock;
  }

  sleepUntil(at: number, cancel?: AbortSignal): Promise<boolean> {
    if (this.stopping || cancel?.aborted) return Promise.resolve(false);
    if (at <= this.clock) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = (slept: boolean) => {
        this.#sleepers.delete(wake);
        const index = this.#timers.indexOf(timer);
        if (index >= 0) this.#timers.splice(index, 1);
        resolve(slept);
      };
      const timer = { at, wake };
      this.#timers.push(timer);
      this.#sleepers.add(wake);
      cancel?.addEventListener('abort', () => wake(false), { once: true });
    });
  }

  /** Stops the run at virtual time `at`, as Ctrl-C (graceful) or abortOnFail (hard) would. */
  stopAt(at: number, mode: 'graceful' | 'hard'): void {
    this.#timers.push({ at, wake: () => this.stop(mode) });
  }

  stop(mode: 'graceful' | 'hard'): void {
    this.stoppedAt ??= this.clock;
    this.stopping = true;
    if (mode === 'hard') this.#hard = true;
    for (const wake of [...this.#sleepers]) wake(false);
    this.#onStop();
  }

  #timer(at: number): Promise<void> {
    return new Promise((wake) => this.#timers.push({ at, wake: () => wake() }));
  }

  /**
   * A timer at this instant: it runs after the timers already due now (completions
   * first). Counted, so tests see where an executor let the loop turn.
   */
  yieldToIO(): Promise<void> {
    this.yields++;
    return new Promise((wake) => this.#timers.push({ at: this.clock, wake: () => wake() }));
  }

  async createVU(): Promise<ExecutorVU> {
    return { localIndex: this.created++ };
  }

  async retireVU(): Promise<void> {
    this.retired++;
  }

  async iterate(vu: ExecutorVU, lagMs: number | undefined): Promise<void> {
    this.iterations.push({ vu: vu.localIndex, at: this.clock, lagMs });
    // an iteration's own time is not cut short by a stop, as a request in flight is not
    await this.#timer(this.clock + this.#iterationMs(vu));
  }

  async iterateWhile(vu: ExecutorVU, more: (nowMs: number) => boolean): Promise<void> {
    while (more(this.clock)) await this.iterate(vu, undefined);
  }

  interruptVU(): void {
    this.interrupted++;
    this.interruptions.push(this.clock);
  }

  setActiveVUs(count: number): void {
    this.active.push({ at: this.clock, count });
  }

  dropIteration(): void {
    this.dropped++;
  }

  /** As ScenarioRun.settle: bounded by hardDeadline, and by gracefulStop after a stop. */
  async settle(work: Promise<unknown>, hardDeadline: number): Promise<void> {
    const finished = work.then(() => true);
    for (;;) {
      if (this.#hard) break;
      const deadline = Math.min(
        hardDeadline,
        (this.stoppedAt ?? Number.POSITIVE_INFINITY) + this.gracefulStopMs,
      );
      const stopped = new Promise<false>((resolve) => {
        this.#onStop = () => resolve(false);
      });
      const done = await Promise.race([finished, this.#timer(deadline).then(() => false), stopped]);
      if (done) return;
      if (this.clock >= deadline) break;
    }
    this.settledByDeadlineAt = this.clock;
  }

  /** Runs `executor` to its end, advancing the clock whenever everything waits. */
  async drive(executor: Promise<void>): Promise<void> {
    let finished = false;
    void executor.then(() => (finished = true));
    for (;;) {
      await settleMicrotasks();
      if (finished) return;
      this.#timers.sort((a, b) => a.at - b.at);
      const next = this.#timers.shift();
      if (!next) throw new Error('executor is stuck: nothing to wait for and not finished');
      this.clock = Math.max(this.clock, next.at);
      next.wake(true);
    }
  }

  /** The last `setActiveVUs` value at or before `at`. */
  activeAt(at: number): number {
    let count = 0;
    for (const entry of this.active) if (entry.at <= at) count = entry.count;
    return count;
  }
}
