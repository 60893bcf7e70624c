import type { LeanHttp1Transport } from '../lean/index.ts';
import type { Transport, TransportOptions } from '../types.ts';
import { H2Transport } from './transport.ts';

/**
 * Salvo's HTTP/2 transport for one VU, spoken by Salvo's lean client (lean-session.ts), or
 * by node:http2 with `http2Client: 'node'`: ALPN over TLS, h2c with prior knowledge, a
 * session per VU and origin (or shared by the runner's VUs), the server's stream limit
 * honoured, refused and GOAWAY'd streams sent again. `fallback` carries origins whose
 * server negotiates HTTP/1.1 (the VU's lean transport).
 *
 * @example
 * const lean = createLeanTransport(options);
 * const transport = createH2Transport(
 *   { tls: { insecureSkipVerify: false }, maxConnectionsPerOrigin: 1, pipelining: 1, http2: 'h2c' },
 *   lean,
 * );
 * const result = await transport.request({
 *   method: 'GET', url: new URL('http://127.0.0.1:8080/'), headers: ['x-load-test', 'salvo'],
 *   body: undefined, discardBody: true,
 *   timeouts: { connectMs: 5000, headersMs: 10000, bodyMs: 10000, requestMs: 30000 },
 * });
 * await transport.close();
 */
export function createH2Transport(options: TransportOptions, fallback: LeanHttp1Transport): Transport {
  return new H2Transport(options, fallback);
}

/**
 * Whether HTTP/2 carries requests to this URL: https:// when `http2` is on (ALPN), http://
 * too with `'h2c'` (prior knowledge: the server must speak HTTP/2 in plain text).
 *
 * @example
 * h2CanHandle(new URL('http://127.0.0.1:8080/'), 'h2c'); // true
 */
export function h2CanHandle(url: URL, http2: boolean | 'h2c'): boolean {
  if (url.protocol === 'https:') return http2 !== false;
  return url.protocol === 'http:' && http2 === 'h2c';
}
