import type { LeanExchange } from './exchange.ts';

/**
 * The timeouts of one connection as pure functions of its state: which deadline comes
 * first (for the shared sweep), and which exchange has run out of time, if any.
 */
export interface DeadlineState {
  /** The exchange waiting for the socket to connect, if any. */
  readonly opener: LeanExchange | undefined;
  /** Written exchanges, oldest (the one being answered) first. */
  readonly inFlight: readonly LeanExchange[];
  readonly connectStartMs: number;
  /** The response head of inFlight[0] has arrived. */
  readonly headDone: boolean;
  readonly lastDataMs: number;
}

interface Expired {
  readonly ex: LeanExchange;
  readonly message: string;
}

/** The earliest moment a timeout could pass; Infinity when the connection is idle. */
export function earliestDeadlineMs(s: DeadlineState): number {
  const opener = s.opener;
  if (opener !== undefined)
    return Math.min(s.connectStartMs + opener.req.timeouts.connectMs, opener.deadlineMs);
  const first = s.inFlight[0];
  if (first === undefined) return Number.POSITIVE_INFINITY;
  const t = first.req.timeouts;
  // The headers timeout starts once the request is written ('drain' re-arms it then).
  let deadline = s.headDone
    ? s.lastDataMs + t.bodyMs
    : first.sendEndMs > 0
      ? first.sendEndMs + t.headersMs
      : Number.POSITIVE_INFINITY;
  for (const ex of s.inFlight) deadline = Math.min(deadline, ex.deadlineMs);
  return deadline;
}

/** The exchange whose connect, headers, body or whole-request time has passed, and why. */
export function expiredTimeout(s: DeadlineState, nowMs: number): Expired | undefined {
  const opener = s.opener;
  if (opener !== undefined) {
    const connectMs = opener.req.timeouts.connectMs;
    if (nowMs >= opener.deadlineMs) return { ex: opener, message: 'request timed out while connecting' };
    if (nowMs >= s.connectStartMs + connectMs)
      return { ex: opener, message: `connect timed out after ${connectMs} ms` };
    return undefined;
  }
  for (const ex of s.inFlight) {
    if (nowMs >= ex.deadlineMs)
      return { ex, message: `request timed out after ${ex.req.timeouts.requestMs} ms` };
  }
  const first = s.inFlight[0];
  if (first === undefined) return undefined;
  const { headersMs, bodyMs } = first.req.timeouts;
  if (!s.headDone && first.sendEndMs > 0 && nowMs >= first.sendEndMs + headersMs) {
    return { ex: first, message: `no response head within ${headersMs} ms` };
  }
  if (s.headDone && nowMs >= s.lastDataMs + bodyMs) {
    return { ex: first, message: `response body stalled for ${bodyMs} ms` };
  }
  return undefined;
}
