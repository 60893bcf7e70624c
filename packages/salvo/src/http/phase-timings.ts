import type { PhaseTimings } from './types.ts';

/**
 * The moments of one exchange as both transports note them (performance.now() ms; 0 for
 * a moment that did not come). One function turns them into phases, so the lean and the
 * undici transport report the same timings by construction.
 */
export interface ExchangeMoments {
  /** The request was handed to the transport. */
  readonly startMs: number;
  /** It got a connection (the end of blocked time). */
  readonly assignedMs: number;
  readonly connectingMs: number;
  readonly tlsMs: number;
  readonly sendStartMs: number;
  readonly sendEndMs: number;
  readonly firstByteMs: number;
}

/** Phases at `endMs`: a request never sent was only blocked (and maybe connecting). */
export function phaseTimings(moments: ExchangeMoments, endMs: number): PhaseTimings {
  const { sendStartMs } = moments;
  const blockedMs = Math.max(0, (moments.assignedMs || endMs) - moments.startMs);
  if (sendStartMs === 0) {
    return {
      blockedMs,
      connectingMs: moments.connectingMs,
      tlsHandshakingMs: moments.tlsMs,
      sendingMs: 0,
      waitingMs: 0,
      receivingMs: 0,
      durationMs: 0,
    };
  }
  const sendEndMs = moments.sendEndMs || endMs;
  const firstByteMs = moments.firstByteMs || endMs;
  const sendingMs = sendEndMs - sendStartMs;
  const waitingMs = firstByteMs - sendEndMs;
  const receivingMs = endMs - firstByteMs;
  return {
    blockedMs,
    connectingMs: moments.connectingMs,
    tlsHandshakingMs: moments.tlsMs,
    sendingMs,
    waitingMs,
    receivingMs,
    durationMs: sendingMs + waitingMs + receivingMs,
  };
}
