/**
 * Salvo's HTTP layer: one client per VU over two transports (lean HTTP/1.1 and undici),
 * with cookies, retries, timeouts, request names and per-request metrics.
 *
 * @example
 * const http = createHttpClient(ctx, createTransports);
 * const res = await http.post('/login', undefined, { json: { user: 'a' } });
 * if (!res.ok) console.log(res.error?.kind);
 * await http.close();
 */
export type { CookieJar, HttpClient, RequestBody, RequestParams, Response, ResponseTimings } from './api.ts';
export type { HttpTransports, TransportsFactory, VuHttpClient } from './client.ts';
export { createHttpClient, transportOptionsFrom } from './client.ts';
export type { HttpClientContext } from './context.ts';
export { debugTransports, type HttpDebugMode } from './debug-transport.ts';
export { kindForErrorCode } from './error-kinds.ts';
export {
  adoptedFaultRouting,
  adoptFaultRouting,
  advanceLogWatermark,
  clearMark,
  createMarkTable,
  FAULT_HEADER,
  type FaultRouting,
  type MarkedKind,
  writeMark,
} from './fault-routing.ts';
export { createLeanTransport, leanCanHandle, ParserState, ResponseParser } from './lean/index.ts';
export { requestNameFromPath } from './naming.ts';
export { createTransports } from './transports.ts';
export type {
  ErrorKind,
  NetworkError,
  NetworkErrorKind,
  PhaseTimings,
  Timeouts,
  TlsOptions,
  Transport,
  TransportName,
  TransportOptions,
  TransportRequest,
  TransportResult,
} from './types.ts';
export { ERROR_KINDS } from './types.ts';
export { createUndiciTransport } from './undici/index.ts';
