import { monotonicMs } from '../clock.ts';

/**
 * Whole-request deadlines without a timer per request: every watched entry sits in one
 * set, and one shared interval (running only while something is watched) fires the
 * entries whose deadline has passed. Resolution is SWEEP_INTERVAL_MS.
 */

export interface DeadlineEntry {
  /** monotonicMs() time at which `onDeadline` fires. */
  deadlineMs: number;
  onDeadline(): void;
}

const SWEEP_INTERVAL_MS = 10;
const watched = new Set<DeadlineEntry>();
let timer: NodeJS.Timeout | undefined;

export function watchDeadline(entry: DeadlineEntry): void {
  watched.add(entry);
  if (timer === undefined) {
    timer = setInterval(sweep, SWEEP_INTERVAL_MS);
    // Pending sockets keep the process alive; the sweep itself must not.
    timer.unref();
  }
}

export function unwatchDeadline(entry: DeadlineEntry): void {
  watched.delete(entry);
}

function sweep(): void {
  if (watched.size === 0) {
    clearInterval(timer);
    timer = undefined;
    return;
  }
  const nowMs = monotonicMs();
  // Collected first: an entry that re-arms itself from onDeadline waits for the next sweep.
  const due: DeadlineEntry[] = [];
  for (const entry of watched) if (entry.deadlineMs <= nowMs) due.push(entry);
  for (const entry of due) {
    watched.delete(entry);
    entry.onDeadline();
  }
}

/** An exchange waiting in a pool's queue (for a connection, or a stream) with its own deadline. */
export interface QueuedExchange {
  readonly req: { readonly timeouts: { readonly requestMs: number } };
  fail(kind: 'timeout', message: string, endMs: number): void;
}

/**
 * Fails, as timeouts "waiting for `what`", the queued exchanges whose deadline has passed,
 * keeping the others in their order; returns the earliest deadline left (Infinity: none).
 * What both transports' pools do when their deadline fires.
 */
export function expireQueued<T extends QueuedExchange>(
  queue: T[],
  deadlineOf: (ex: T) => number,
  what: string,
  nowMs: number,
): number {
  let next = Number.POSITIVE_INFINITY;
  let kept = 0;
  for (let i = 0; i < queue.length; i++) {
    const ex = queue[i] as T;
    const deadlineMs = deadlineOf(ex);
    if (nowMs >= deadlineMs) {
      ex.fail(
        'timeout',
        `request timed out after ${ex.req.timeouts.requestMs} ms waiting for ${what}`,
        nowMs,
      );
    } else {
      queue[kept++] = ex;
      if (deadlineMs < next) next = deadlineMs;
    }
  }
  queue.length = kept;
  return next;
}
