import { parseDuration } from '../plan/duration.ts';
import type { RetryPolicy } from '../plan/types.ts';
import type { RetryInput } from './api.ts';

/** The policy a RetryInput gives when the test set none (DESIGN: off unless asked for). */
const INPUT_DEFAULTS: RetryPolicy = { attempts: 2, baseDelayMs: 100, maxDelayMs: 10_000, statusAttempts: 1 };

/** A request's own retry setting over the test's: false turns retries off. */
export function retryPolicyFor(
  base: RetryPolicy | undefined,
  input: RetryInput | false | undefined,
): RetryPolicy | undefined {
  if (input === undefined) return base;
  if (input === false) return undefined;
  const from = base ?? INPUT_DEFAULTS;
  return {
    attempts: input.attempts ?? from.attempts,
    baseDelayMs:
      input.baseDelay === undefined ? from.baseDelayMs : parseDuration(input.baseDelay, 'retry.baseDelay'),
    maxDelayMs:
      input.maxDelay === undefined ? from.maxDelayMs : parseDuration(input.maxDelay, 'retry.maxDelay'),
    statusAttempts: input.statusAttempts ?? from.statusAttempts,
  };
}

/** Full jitter: uniform in [0, min(maxDelay, baseDelay * 2^retryIndex)]. */
export function backoffDelayMs(
  policy: RetryPolicy,
  retryIndex: number,
  random: () => number = Math.random,
): number {
  const ceilingMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return random() * ceilingMs;
}

/** Retry-After as delta-seconds or an HTTP-date, in ms from `nowMs`; undefined when absent or invalid. */
export function retryAfterMs(header: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const atMs = Date.parse(text);
  return Number.isNaN(atMs) ? undefined : Math.max(0, atMs - nowMs);
}

/** Whether a status is worth retrying at all: 5xx and 429, never other 4xx. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

interface PendingSleep {
  timer: NodeJS.Timeout | undefined;
  resolve: () => void;
}

/**
 * Backoff sleeps that end early when the VU is interrupted. One per client, which wakes
 * them all (`wakeAll`) when its VU's signal aborts: no listener per sleep; concurrent
 * sleeps (requests started together) are all woken.
 */
export class AbortableSleeper {
  private pending: Set<PendingSleep> | undefined; // created by the first sleep

  /** Resolves after `ms`, or at once when `signal` has aborted, or at `wakeAll`. */
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry: PendingSleep = { timer: undefined, resolve };
      entry.timer = setTimeout(() => {
        this.pending?.delete(entry);
        resolve();
      }, ms);
      (this.pending ??= new Set()).add(entry);
    });
  }

  wakeAll(): void {
    if (this.pending === undefined) return;
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.pending.clear();
  }
}
