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
