/**
 * Salvo's lean HTTP/1.1 transport: keep-alive sockets on node:net / node:tls, request heads
 * serialized once per request shape, and a strict response parser of its own.
 *
 * @example
 * const transport = createLeanTransport({
 *   tls: { insecureSkipVerify: false }, maxConnectionsPerOrigin: 1, pipelining: 1, http2: false,
 * });
 * const result = await transport.request({
 *   method: 'GET', url: new URL('http://127.0.0.1:8080/'), headers: [], body: undefined,
 *   timeouts: { connectMs: 5000, headersMs: 10000, bodyMs: 10000, requestMs: 30000 },
 *   discardBody: true,
 * });
 * await transport.close();
 */
import type { Transport, TransportOptions } from '../types.ts';
import { LeanTransport } from './transport.ts';

export { kindForErrorCode } from '../error-kinds.ts';
export { BodyFraming, MAX_HEADER_COUNT, ParsedHead, parseHead } from './head-parser.ts';
export { MAX_HEAD_BYTES, ParserState, ResponseParser } from './response-parser.ts';

/** One transport per VU. */
export function createLeanTransport(options: TransportOptions): Transport {
  return new LeanTransport(options);
}

/** The lean transport speaks plain HTTP/1.1 and HTTPS. */
export function leanCanHandle(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}
