import { kindForErrorCode } from '../error-kinds.ts';
import type { NetworkErrorKind } from '../types.ts';

/**
 * HTTP/2 error codes (RFC 9113 §7) as RST_STREAM and GOAWAY carry them, by number: their
 * names for messages, and the Salvo error kind each means when the server sends it.
 */
const CODE_NAMES = [
  'NO_ERROR',
  'PROTOCOL_ERROR',
  'INTERNAL_ERROR',
  'FLOW_CONTROL_ERROR',
  'SETTINGS_TIMEOUT',
  'STREAM_CLOSED',
  'FRAME_SIZE_ERROR',
  'REFUSED_STREAM',
  'CANCEL',
  'COMPRESSION_ERROR',
  'CONNECT_ERROR',
  'ENHANCE_YOUR_CALM',
  'INADEQUATE_SECURITY',
  'HTTP_1_1_REQUIRED',
] as const;

export const REFUSED_STREAM = 7;
export const CANCEL = 8;

/** `REFUSED_STREAM (7)`, or the number alone for a code the RFC does not name. */
export function h2CodeName(code: number): string {
  const name = CODE_NAMES[code];
  return name === undefined ? `code ${code}` : `${name} (${code})`;
}

/**
 * node:http2's codes for a stream ended because its session ended: the connection was
 * lost, not the protocol broken (error-kinds.ts files other ERR_HTTP2_* codes as `protocol`).
 */
const SESSION_ENDED: ReadonlySet<string> = new Set([
  'ERR_HTTP2_STREAM_CANCEL',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_SOCKET_UNBOUND',
]);

/** The kind for the error a stream ended with when its session went away. */
export function kindForSessionEnd(code: string | undefined): NetworkErrorKind {
  if (code !== undefined && SESSION_ENDED.has(code)) return 'reset';
  return kindForErrorCode(code) ?? 'reset';
}

/** The server broke the protocol (framing, header compression) or reset the stream for another reason. */
export function kindForH2Code(code: number): NetworkErrorKind {
  return code === 1 || code === 6 || code === 9 ? 'protocol' : 'reset';
}
