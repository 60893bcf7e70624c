import type * as http2 from 'node:http2';
import type { ClientHttp2Session, ClientHttp2Stream, Settings } from 'node:http2';
import { monotonicMs } from '../../clock.ts';
import { CANCEL } from './errors.ts';
import type { H2Exchange } from './exchange.ts';
import { H2SessionBase } from './session-base.ts';

/**
 * Our SETTINGS: no server push (RFC 9113 §8.4: a client that sets ENABLE_PUSH 0 refuses
 * every push), and a 1 MiB stream window so a large body is not paced by 64 KiB round trips
 * (h2load opens its windows wider still). The body is consumed as it arrives, so the window
 * bounds what the server may send ahead, not what Salvo holds.
 */
const SETTINGS: Settings = { enablePush: false, initialWindowSize: 1 << 20 };
const SESSION_WINDOW_BYTES = 8 << 20;
const END_STREAM = { endStream: true } as const;
const OPEN_STREAM = { endStream: false } as const;

let http2Module: typeof http2 | undefined;

/** An HTTP/2 connection spoken by node:http2 (nghttp2) on Salvo's socket (`http2Client: 'node'`). */
export class H2Session extends H2SessionBase {
  h2: ClientHttp2Session | undefined;

  startStream(ex: H2Exchange, nowMs: number): void {
    const h2 = this.h2 as ClientHttp2Session;
    if (ex.assignedMs === 0) ex.assignedMs = nowMs; // an opener's was its session's start
    ex.reused = this.started > 0;
    ex.sendStartMs = nowMs;
    let stream: ClientHttp2Stream;
    try {
      stream = h2.request(ex.shape.headers as string[], ex.req.body === undefined ? END_STREAM : OPEN_STREAM);
    } catch (err) {
      ex.fail('protocol', (err as Error).message, monotonicMs());
      return;
    }
    this.started++;
    this.active++;
    ex.start(this, stream, nowMs);
  }

  cancel(ex: H2Exchange): void {
    const stream = ex.stream;
    if (stream !== undefined && !stream.closed) stream.close(CANCEL);
  }

  /** Every stream's last event: frees its slot, and settles its exchange, answered or not. */
  streamClosed(ex: H2Exchange, stream: ClientHttp2Stream): void {
    this.active--;
    if (ex.stream === stream && !ex.settled) {
      if (stream.readableEnded && ex.firstByteMs !== 0) ex.complete();
      else this.streamFailed(ex, stream.id ?? 0, stream.rstCode ?? 0, this.h2?.destroyed === true);
    }
    if (!this.closing) this.origin.sessionFree(this);
  }

  shutdown(): Promise<void> {
    // node:http2 ends a closed session's socket gracefully and waits for the peer's FIN:
    // the socket is destroyed here so a server that never closes cannot hold the client.
    this.interrupting = true;
    this.h2?.destroy();
    this.shutdownSocket();
    return this.closed;
  }

  protected openSession(): void {
    http2Module ??= process.getBuiltinModule('node:http2') as typeof http2;
    const socket = this.socket;
    const h2 = http2Module.connect(this.origin.authority, {
      createConnection: () => socket,
      settings: SETTINGS,
    });
    this.h2 = h2;
    h2.on('remoteSettings', (settings: Settings) => this.remoteLimit(settings.maxConcurrentStreams));
    h2.on('goaway', (code: number, lastStreamId: number) => this.goaway(code, lastStreamId));
    h2.on('error', (err: Error) => {
      this.error ??= err;
    });
    h2.once('connect', () => h2.setLocalWindowSize(SESSION_WINDOW_BYTES));
    h2.once('close', () => this.ended());
  }

  protected onSocketClose(): void {
    if (this.h2 !== undefined) return; // the session's own close follows
    this.ended();
  }
}
