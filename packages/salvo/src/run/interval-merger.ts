import type { Aggregator } from '../metrics/index.ts';
import type { IntervalSnapshot } from '../metrics/types.ts';
import type { IntervalView } from '../results/index.ts';

export interface MergerOptions {
  readonly runnerIds: readonly string[];
  readonly aggregator: Aggregator;
  readonly onView: (view: IntervalView) => void;
  /** Epoch ms at which interval 0 starts; interval i ends at runStartMs + (i + 1)·intervalMs. */
  readonly runStartMs: number;
  readonly intervalMs: number;
  /**
   * How long after an interval's end the merger waits for a runner's snapshot of it before
   * it merges the interval without that runner (one dead machine must not stall the view).
   */
  readonly waitMs: number;
  /** Epoch ms; the tests' virtual clock replaces it. */
  readonly now?: () => number;
  /** Told when an interval is merged without runners it was waiting for. */
  readonly onMissing?: (index: number, runnerIds: readonly string[]) => void;
}

/**
 * Lines up the runners' snapshots by interval: an interval is merged once every runner
 * still running has sent it, or once its wait is over (`poll`), in order, so outputs see
 * each second once. A snapshot for an interval already merged (a slow or cut-off runner)
 * still counts in the totals; a snapshot seen before (sent again after a Redis blip) is
 * ignored, so nothing is counted twice.
 */
export class IntervalMerger {
  readonly #options: MergerOptions;
  readonly #now: () => number;
  /** Runners still sending, with the first interval each one sends (a share joined mid-run). */
  readonly #running = new Map<string, number>();
  /** Snapshots waiting, by interval, with who sent them. */
  readonly #pending = new Map<number, { list: IntervalSnapshot[]; senders: Set<string> }>();
  /** (runner, interval) pairs taken, for dropping repeats. */
  readonly #seen = new Map<string, Set<number>>();
  #next = 0;
  /** The latest interval a runner joined from (0 when none joined mid-run). */
  #lastJoin = 0;
  duplicates = 0;

  constructor(options: MergerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    for (const id of options.runnerIds) this.#running.set(id, 0);
  }

  add(snapshot: IntervalSnapshot): void {
    const seen = this.#seen.get(snapshot.runnerId) ?? new Set<number>();
    this.#seen.set(snapshot.runnerId, seen);
    if (seen.has(snapshot.index)) {
      this.duplicates++;
      return;
    }
    seen.add(snapshot.index);
    if (snapshot.index < this.#next) {
      this.#options.aggregator.addLate(snapshot);
      return;
    }
    let waiting = this.#pending.get(snapshot.index);
    if (!waiting) {
      waiting = { list: [], senders: new Set() };
      this.#pending.set(snapshot.index, waiting);
    }
    waiting.list.push(snapshot);
    waiting.senders.add(snapshot.runnerId);
    if (snapshot.index === this.#next) this.#drain();
  }

  /** A runner that starts sending mid-run (a share taken over) from interval `fromIndex`. */
  join(runnerId: string, fromIndex: number): void {
    this.#running.set(runnerId, fromIndex);
    this.#lastJoin = Math.max(this.#lastJoin, fromIndex);
  }

  /** The runner sends no more: it finished, or it was lost. */
  runnerDone(runnerId: string): void {
    this.#running.delete(runnerId);
    this.#drain();
  }

  /** Merges the intervals whose wait is over, with whatever arrived; call it every so often. */
  poll(): void {
    const now = this.#now();
    const { runStartMs, intervalMs, waitMs } = this.#options;
    const last = Math.max(-1, ...this.#pending.keys());
    while (this.#next <= last && runStartMs + (this.#next + 1) * intervalMs + waitMs <= now) {
      const missing = this.#missing(this.#next);
      if (missing.length > 0) this.#options.onMissing?.(this.#next, missing);
      this.#emit(this.#next);
      this.#drain();
    }
  }

  /** Merges whatever is left, in order (at the end of the run). */
  flush(): void {
    const indexes = [...this.#pending.keys()].sort((a, b) => a - b);
    for (const index of indexes) this.#emit(index);
  }

  /** Runners that owe interval `index` and have not sent it. */
  #missing(index: number): string[] {
    const senders = this.#pending.get(index)?.senders;
    return [...this.#running].flatMap(([id, from]) => (from <= index && !senders?.has(id) ? [id] : []));
  }

  #complete(index: number): boolean {
    const senders = this.#pending.get(index)?.senders;
    if (!senders) return false;
    // every runner owes every interval unless one joined mid-run: then fewer senders than runners is not all
    if (senders.size < this.#running.size && this.#lastJoin <= index) return false;
    for (const [id, from] of this.#running) if (from <= index && !senders.has(id)) return false;
    return true;
  }

  #drain(): void {
    while (this.#complete(this.#next)) this.#emit(this.#next);
  }

  #emit(index: number): void {
    const list = this.#pending.get(index)?.list ?? [];
    this.#pending.delete(index);
    this.#next = index + 1;
    if (list.length > 0) this.#options.onView(this.#options.aggregator.addInterval(list));
  }
}
