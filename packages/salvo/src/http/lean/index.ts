import type { ResultSink, Transport, TransportOptions, TransportRequest } from '../types.ts';
import { type Http1Handover, LeanTransport } from './transport.ts';

export type { Http1Handover } from './transport.ts';

/** The lean transport, which can also go on over a TLS connection the h2 transport opened. */
export interface LeanHttp1Transport extends Transport {
  sendOnSocket(req: TransportRequest, sink: ResultSink, handover: Http1Handover): void;
}

/** The response parser, for the fault proxy's framing of the service's answers (proxy/). */
export { ParserState, ResponseParser } from './response-parser.ts';

/**
 * Salvo's lean HTTP/1.1 transport for one VU: keep-alive sockets on node:net / node:tls,
 * request heads serialized once per request shape, and a strict response parser of its own.
 * Every failure is a result with `error` set: `send` never throws and `request()` never rejects.
 *
 * @example
 * const transport = createLeanTransport({
 *   tls: { insecureSkipVerify: false }, maxConnectionsPerOrigin: 1, pipelining: 1, http2: false,
 * });
 * const result = await transport.request({
 *   method: 'GET', url: new URL('http://127.0.0.1:8080/'), headers: ['X-Load-Test', 'salvo'],
 *   body: undefined, discardBody: true,
 *   timeouts: { connectMs: 5000, headersMs: 10000, bodyMs: 10000, requestMs: 30000 },
 * });
 * await transport.close();
 */
export function createLeanTransport(options: TransportOptions): LeanHttp1Transport {
  return new LeanTransport(options);
}

/**
 * Whether the lean transport can send to this URL (plain HTTP/1.1 and HTTPS only).
 *
 * @example
 * leanCanHandle(new URL('https://example.org/')); // true
 */
export function leanCanHandle(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}
