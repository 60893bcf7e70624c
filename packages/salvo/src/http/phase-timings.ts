import type { PhaseTimings } from './types.ts';

/**
 * The moments of one exchange as both transports note them (monotonic ms; 0 for a moment
 * that did not come), and the connect and TLS durations. Both transports' exchanges extend
 * it and one function turns it into phases, so they report the same timings by construction.
 */
export class ExchangeMoments {
  /** The request was handed to the transport. */
  startMs = 0;
  /** The end of blocked time: it got a connection (on the lean transport, its write burst). */
  assignedMs = 0;
  connectingMs = 0;
  tlsMs = 0;
  sendStartMs = 0;
  sendEndMs = 0;
  firstByteMs = 0;

  /** Forgets what followed the connection's assignment (for a new attempt). */
  protected clearAfterAssigned(): void {
    this.connectingMs = 0;
    this.tlsMs = 0;
    this.sendStartMs = 0;
    this.sendEndMs = 0;
    this.firstByteMs = 0;
  }
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
