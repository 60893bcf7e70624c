import type * as net from 'node:net';
import type { FaultTable } from './fault-table.ts';
import type { Fault } from './fault-types.ts';

/** Over this many queued bytes the sending side is paused (a slow link must not fill memory). */
const HIGH_WATER_BYTES = 256 * 1024;
const LOW_WATER_BYTES = 64 * 1024;
/** A limited link sends in slices of this much time, so a big write trickles out evenly. */
const SLICE_MS = 50;

interface Queued {
  buf: Buffer;
  readonly atMs: number;
  /** Under a bandwidth limit: when this slice has crossed the link (decided once). */
  dueMs?: number;
}

/**
 * One direction of a proxied connection: writes to `dest` in order, each write no earlier
 * than asked (latency, slow first byte), and under a bandwidth fault no faster than its
 * rate. With nothing held back a write goes straight to the socket; backpressure pauses
 * `source` until `dest` drains. One timer at a time, for the head of the queue.
 */
export class Pacer {
  readonly #dest: net.Socket;
  readonly #source: net.Socket;
  readonly #queue: Queued[] = [];
  #queuedBytes = 0;
  #timer: NodeJS.Timeout | undefined;
  /** When the limited link is free again. */
  #freeAtMs = 0;
  #limit: { fault: Fault; bytesPerMs: number; table: FaultTable } | undefined;
  #ending = false;
  readonly #release = (): void => this.#flush();

  constructor(dest: net.Socket, source: net.Socket) {
    this.#dest = dest;
    this.#source = source;
    dest.on('drain', () => {
      if (this.#queuedBytes < LOW_WATER_BYTES) source.resume();
    });
  }

  /** Limits this direction to `bytesPerMs` while `fault` stays in force in `table`. */
  limit(fault: Fault, bytesPerMs: number, table: FaultTable): void {
    if (bytesPerMs > 0) this.#limit = { fault, bytesPerMs, table };
  }

  write(buf: Buffer, atMs = 0): void {
    if (this.#queue.length === 0 && this.#rate() === 0 && (atMs === 0 || atMs <= Date.now())) {
      if (!this.#dest.write(buf)) this.#source.pause();
      return;
    }
    this.#queue.push({ buf, atMs });
    this.#queuedBytes += buf.length;
    if (this.#queuedBytes > HIGH_WATER_BYTES) this.#source.pause();
    if (this.#timer === undefined) this.#flush();
  }

  /** Ends `dest` once everything queued has gone. */
  end(): void {
    this.#ending = true;
    if (this.#queue.length === 0) this.#dest.end();
  }

  /** Drops what is queued (the connection is being torn down). */
  clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue.length = 0;
    this.#queuedBytes = 0;
  }

  #flush(): void {
    this.#timer = undefined;
    const queue = this.#queue;
    while (queue.length > 0) {
      const head = queue[0] as Queued;
      const nowMs = Date.now();
      const rate = this.#rate();
      if (rate > 0 && head.dueMs === undefined) {
        // a slice arrives once all its bytes have crossed the link after the one before
        const slice = Math.max(1, Math.floor(rate * SLICE_MS));
        if (head.buf.length > slice) {
          queue.splice(1, 0, { buf: head.buf.subarray(slice), atMs: head.atMs });
          head.buf = head.buf.subarray(0, slice);
        }
        head.dueMs = Math.max(this.#freeAtMs, nowMs, head.atMs) + head.buf.length / rate;
      }
      const dueMs = head.dueMs ?? head.atMs;
      if (dueMs > nowMs) {
        this.#timer = setTimeout(this.#release, dueMs - nowMs);
        return;
      }
      queue.shift();
      if (head.dueMs !== undefined) this.#freeAtMs = head.dueMs;
      this.#queuedBytes -= head.buf.length;
      this.#dest.write(head.buf);
    }
    if (this.#queuedBytes < LOW_WATER_BYTES && this.#dest.writableLength < HIGH_WATER_BYTES)
      this.#source.resume();
    if (this.#ending) this.#dest.end();
  }

  /** Bytes per ms of the bandwidth fault, 0 once it is lifted (re-checked on each change). */
  #rate(): number {
    const limit = this.#limit;
    if (limit === undefined) return 0;
    if (!limit.table.holds(limit.fault)) {
      this.#limit = undefined;
      return 0;
    }
    return limit.bytesPerMs;
  }
}
