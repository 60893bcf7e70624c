import WebSocket from 'ws';
import { monotonicMs } from '../clock.ts';
import type { StreamOutcome } from '../http/streams/index.ts';
import type { Recorder } from '../metrics/types.ts';
import type { WsHandlers, WsSessionResult, WsSocket } from './api.ts';
import type { WsSeries } from './ws-metrics.ts';

/** Abnormal closure: the connection ended without a close frame (RFC 6455 7.1.5). */
const ABNORMAL = 1006;

interface SessionSetup {
  readonly url: string;
  readonly handlers: WsHandlers;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly signal: AbortSignal;
  readonly recorder: Recorder;
  readonly series: WsSeries;
}

/**
 * One WebSocket session on the `ws` client: Node's built-in WebSocket (undici's) can
 * neither send a ping nor tell one socket's pong from another's (pongs only reach a
 * process-wide diagnostics channel), and ping round trips are half of what a WebSocket
 * load test measures. `ws` also hands over the status of a refused handshake.
 */
export function runSession(setup: SessionSetup): Promise<WsSessionResult> {
  const { handlers, recorder, series } = setup;
  const startedMs = monotonicMs();
  const ws = new WebSocket(setup.url, handlers.protocols, {
    headers: handlers.headers,
    handshakeTimeout: setup.connectTimeoutMs,
  });
  let sent = 0;
  let received = 0;
  let lastMessageMs = 0;
  let closedByUs = false;
  let timedOut = false;
  let error: string | undefined;
  let status: number | undefined;
  let thrown: { error: unknown } | undefined;
  const pings: number[] = [];

  const socket: WsSocket = {
    send(data) {
      // ws drops a message sent after the close started: it is not counted as sent
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(data);
      sent++;
      recorder.count(series.sent, 1);
      recorder.count(series.bytesSent, typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength);
    },
    ping() {
      pings.push(monotonicMs());
      ws.ping();
    },
    close(code = 1000, reason) {
      closedByUs = true;
      ws.close(code, reason);
    },
  };
  /** A handler that throws ends the session: the connect promise rejects with what it threw. */
  const guard = (run: () => void): void => {
    try {
      run();
    } catch (caught) {
      thrown ??= { error: caught };
      closedByUs = true;
      ws.terminate();
    }
  };

  const sessionTimer = setTimeout(() => {
    timedOut = true;
    ws.terminate();
  }, setup.timeoutMs);
  const onAbort = (): void => {
    closedByUs = true;
    ws.terminate();
  };
  setup.signal.addEventListener('abort', onAbort, { once: true });

  ws.on('open', () => {
    recorder.trend(series.connecting, micros(monotonicMs() - startedMs));
    if (handlers.open) guard(() => handlers.open?.(socket));
  });
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    const nowMs = monotonicMs();
    if (received === 0) recorder.trend(series.firstMessage, micros(nowMs - startedMs));
    else recorder.trend(series.gap, micros(nowMs - lastMessageMs));
    lastMessageMs = nowMs;
    received++;
    recorder.count(series.received, 1);
    recorder.count(series.bytesReceived, data.length);
    if (handlers.message) guard(() => handlers.message?.(isBinary ? data : data.toString('utf8'), socket));
  });
  ws.on('pong', () => {
    const sentAt = pings.shift();
    if (sentAt === undefined) return; // an unsolicited pong (a heartbeat) has no round trip
    const rttMs = monotonicMs() - sentAt;
    recorder.trend(series.ping, micros(rttMs));
    if (handlers.pong) guard(() => handlers.pong?.(rttMs, socket));
  });
  ws.on('unexpected-response', (_req, res) => {
    status = res.statusCode;
    error = `handshake refused: HTTP ${res.statusCode}`;
    res.resume();
    ws.terminate();
  });
  ws.on('error', (cause: Error) => {
    error ??= cause.message;
  });

  return new Promise((resolve, reject) => {
    ws.on('close', (code: number, reasonBytes: Buffer) => {
      clearTimeout(sessionTimer);
      setup.signal.removeEventListener('abort', onAbort);
      const outcome: StreamOutcome = timedOut
        ? 'timeout'
        : closedByUs
          ? 'done'
          : error !== undefined
            ? /timeout/i.test(error)
              ? 'timeout'
              : 'error'
            : 'closed';
      recorder.trend(series.duration, micros(monotonicMs() - startedMs));
      recorder.count(series.sessions[outcome], 1);
      if (thrown !== undefined) {
        reject(thrown.error);
        return;
      }
      resolve({
        outcome,
        code: code || ABNORMAL,
        reason: reasonBytes.toString('utf8'),
        error: outcome === 'error' || outcome === 'timeout' ? (error ?? 'session timed out') : undefined,
        status,
        messagesSent: sent,
        messagesReceived: received,
      });
    });
  });
}

function micros(ms: number): number {
  return Math.max(0, Math.round(ms * 1000));
}
