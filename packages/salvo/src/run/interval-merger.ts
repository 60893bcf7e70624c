import type { Aggregator } from '../metrics/index.ts';
import type { IntervalSnapshot } from '../metrics/types.ts';
import type { IntervalView } from '../results/index.ts';

/**
 * Lines up the runners' snapshots by interval: an interval is merged once every runner
 * still running has sent it, in order, so outputs see each second once and exactly.
 * A snapshot for an interval already merged (a slow runner) still counts in the totals.
 */
export class IntervalMerger {
  readonly #aggregator: Aggregator;
  readonly #onView: (view: IntervalView) => void;
  readonly #running: Set<string>;
  readonly #pending = new Map<number, IntervalSnapshot[]>();
  #next = 0;

  constructor(runnerIds: readonly string[], aggregator: Aggregator, onView: (view: IntervalView) => void) {
    this.#running = new Set(runnerIds);
    this.#aggregator = aggregator;
    this.#onView = onView;
  }

  add(snapshot: IntervalSnapshot): void {
    if (snapshot.index < this.#next) {
      this.#aggregator.addLate(snapshot);
      return;
    }
    const list = this.#pending.get(snapshot.index) ?? [];
    list.push(snapshot);
    this.#pending.set(snapshot.index, list);
    this.#drain();
  }

  /** The runner has sent its last snapshot. */
  runnerDone(runnerId: string): void {
    this.#running.delete(runnerId);
    this.#drain();
  }

  /** Merges whatever is left, in order (at the end of the run). */
  flush(): void {
    const indexes = [...this.#pending.keys()].sort((a, b) => a - b);
    for (const index of indexes) this.#emit(index);
  }

  #drain(): void {
    for (;;) {
      const list = this.#pending.get(this.#next);
      if (!list) return;
      const senders = new Set(list.map((snapshot) => snapshot.runnerId));
      for (const id of this.#running) if (!senders.has(id)) return;
      this.#emit(this.#next);
    }
  }

  #emit(index: number): void {
    const list = this.#pending.get(index) ?? [];
    this.#pending.delete(index);
    this.#next = index + 1;
    if (list.length > 0) this.#onView(this.#aggregator.addInterval(list));
  }
}
