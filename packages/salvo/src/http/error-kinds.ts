import type { NetworkErrorKind } from './types.ts';

/**
 * Node's and undici's error codes mapped to Salvo's error kinds: the one table both
 * transports classify failures with. Codes not listed fall back to their prefix
 * (HPE_* parser errors, ERR_TLS_* / ERR_SSL_* / certificate codes, ERR_HTTP2_*).
 */
const KIND_BY_CODE: Readonly<Record<string, NetworkErrorKind>> = {
  // timeouts
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  SALVO_REQUEST_TIMEOUT: 'timeout',
  // connection could not be made
  ECONNREFUSED: 'connect',
  EHOSTUNREACH: 'connect',
  ENETUNREACH: 'connect',
  EADDRNOTAVAIL: 'connect',
  EADDRINUSE: 'connect',
  // connection dropped
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  UND_ERR_DESTROYED: 'reset',
  UND_ERR_ABORTED: 'reset',
  UND_ERR_ABORT: 'reset',
  UND_ERR_INFO: 'reset',
  ERR_STREAM_PREMATURE_CLOSE: 'reset',
  ERR_SOCKET_CLOSED: 'reset',
  // the client closed the connection itself (a stop)
  SALVO_TRANSPORT_CLOSED: 'interrupted',
  // name resolution
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  // TLS (Node's OpenSSL verification codes have no common prefix)
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls',
  CERT_HAS_EXPIRED: 'tls',
  CERT_NOT_YET_VALID: 'tls',
  EPROTO: 'tls',
  // the peer broke HTTP
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'protocol',
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: 'protocol',
  UND_ERR_HEADERS_OVERFLOW: 'protocol',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'protocol',
  UND_ERR_NOT_SUPPORTED: 'protocol',
  UND_ERR_INVALID_ARG: 'protocol',
};

/** Why a request ended with kind `interrupted` (both transports say the same). */
export const INTERRUPTED_MESSAGE =
  'the VU was interrupted (a stop or the gracefulStop deadline) before the response was complete';

/** Why a request ended with kind `interrupted` when its own signal aborted it. */
export const ABORTED_MESSAGE = 'the request was aborted by its signal (a stream the test stopped)';

/** The kind for an error code, or undefined when the code says nothing Salvo knows. */
export function kindForErrorCode(code: string | undefined): NetworkErrorKind | undefined {
  if (code === undefined) return undefined;
  const kind = KIND_BY_CODE[code];
  if (kind !== undefined) return kind;
  if (code.startsWith('HPE_') || code.startsWith('ERR_HTTP2_')) return 'protocol';
  if (code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.includes('CERT')) return 'tls';
  return undefined;
}
