/** A place in a model's generation slots: waiting in the FIFO queue, then running, then done. */
export interface SlotTicket {
  /** Frees the slot (or leaves the queue). Safe to call more than once. */
  release(): void;
}

interface Waiter {
  start: () => void;
  state: 'waiting' | 'running' | 'released';
}

/** At most `limit` requests run at once per model; the rest wait first come, first served. */
export class Slots {
  readonly #limit: number;
  readonly #maxQueue: number;
  readonly #waiting: Waiter[] = [];
  #running = 0;

  constructor(limit: number, maxQueue: number) {
    this.#limit = limit;
    this.#maxQueue = maxQueue;
  }

  get running(): number {
    return this.#running;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  /** Calls `start` now or when a slot frees; undefined when the queue is full (the caller answers 503). */
  acquire(start: () => void): SlotTicket | undefined {
    const waiter: Waiter = { start, state: 'waiting' };
    if (this.#running < this.#limit) {
      this.#run(waiter);
    } else if (this.#waiting.length < this.#maxQueue) {
      this.#waiting.push(waiter);
    } else {
      return undefined;
    }
    return { release: () => this.#release(waiter) };
  }

  #run(waiter: Waiter): void {
    waiter.state = 'running';
    this.#running++;
    waiter.start();
  }

  #release(waiter: Waiter): void {
    const previous = waiter.state;
    waiter.state = 'released';
    if (previous === 'waiting') {
      this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
    } else if (previous === 'running') {
      this.#running--;
      const next = this.#waiting.shift();
      if (next) this.#run(next);
    }
  }
}
