import { setImmediate as settleMicrotasks } from 'node:timers/promises';
import type { Segment } from '../../plan/segment.ts';
import type { ExecutorVU, ScenarioRuntime } from '../types.ts';

/**
 * A ScenarioRuntime on a virtual clock, for testing executors exactly and fast: time
 * moves only when every VU is waiting, straight to the next timer.
 */
export class VirtualRuntime implements ScenarioRuntime {
  readonly segment: Segment;
  readonly startAt = 0;
  readonly gracefulStopMs: number;
  stopping = false;
  clock = 0;
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
    iterationMs: (vu: ExecutorVU) => number;
  }) {
    this.segment = options.segment ?? { index: 0, count: 1 };
    this.gracefulStopMs = options.gracefulStopMs ?? 30_000;
    this.#iterationMs = options.iterationMs;
  }

  now(): number {
    return this.clock;
  }

  sleepUntil(at: number): Promise<boolean> {
    if (at <= this.clock) return Promise.resolve(true);
    return new Promise((wake) => this.#timers.push({ at, wake }));
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
    await this.sleepUntil(this.clock + this.#iterationMs(vu));
  }

  async iterateWhile(vu: ExecutorVU, more: (nowMs: number) => boolean): Promise<void> {
    while (more(this.clock)) await this.iterate(vu, undefined);
  }

  interruptVU(): void {
    this.interrupted++;
  }

  setActiveVUs(count: number): void {
    this.active.push({ at: this.clock, count });
  }

  dropIteration(): void {
    this.dropped++;
  }

  async settle(work: Promise<unknown>, hardDeadline: number): Promise<void> {
    await Promise.race([work, this.sleepUntil(hardDeadline)]);
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
