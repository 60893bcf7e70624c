import type { RequestParams } from '../http/api.ts';
import type { StreamOutcome } from '../http/streams/index.ts';

/** The socket a session's handlers act on. */
export interface WsSocket {
  /** Sends a text (string) or binary message; after the close has started, nothing. */
  send(data: string | Uint8Array): void;
  /** Sends a ping; its pong's round trip is recorded in `ws_ping` and given to `pong`. */
  ping(): void;
  /** Starts the closing handshake; the session ends as `done`. Default code 1000. */
  close(code?: number, reason?: string): void;
}

/** What happens on a session; every handler is optional and may use the socket. */
export interface WsHandlers extends Pick<RequestParams, 'headers' | 'name' | 'tags'> {
  /** Subprotocols to offer (Sec-WebSocket-Protocol). */
  protocols?: string | string[];
  /** Bounds the whole session ('30s' or ms; default 60s): past it the socket is dropped, as `timeout`. */
  timeout?: string | number;
  /** Bounds the opening handshake (default 10s). */
  connectTimeout?: string | number;
  open?(socket: WsSocket): void;
  /** Text messages arrive as strings, binary ones as Buffers. */
  message?(data: string | Buffer, socket: WsSocket): void;
  /** A pong to one of our pings, with its round trip in ms. */
  pong?(rttMs: number, socket: WsSocket): void;
}

/** How a session went, once it is over. */
export interface WsSessionResult {
  /** done (closed by the test), closed (by the server), error, timeout. */
  readonly outcome: StreamOutcome;
  /** The close code (1006 when the connection dropped without a close frame). */
  readonly code: number;
  readonly reason: string;
  /** Set when the session ended in error: why (a refused handshake, a dropped connection). */
  readonly error: string | undefined;
  /** The status of a handshake the server refused (not 101). */
  readonly status: number | undefined;
  readonly messagesSent: number;
  readonly messagesReceived: number;
}

/** `vu.ws`: WebSocket sessions (docs/streams.md). */
export interface WsClient {
  /**
   * Opens a WebSocket and runs the handlers until it closes; resolves with how it ended.
   * Rejects only with what a handler threw (the socket is closed first).
   *
   * @example
   * const result = await vu.ws.connect('ws://127.0.0.1:8080/chat', {
   *   open: (socket) => socket.send('hello'),
   *   message: (data, socket) => socket.close(),
   * });
   */
  connect(url: string, handlers?: WsHandlers): Promise<WsSessionResult>;
}
