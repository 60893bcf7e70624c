import type { HttpTransports } from './client.ts';
import { createH2Transport, h2CanHandle } from './h2/index.ts';
import { createLeanTransport, leanCanHandle } from './lean/index.ts';
import type { TransportOptions } from './types.ts';
import { createUndiciTransport } from './undici/index.ts';

/**
 * The transports of one VU (none opens a connection before its first request); the HTTP/2
 * one only when the test turned HTTP/2 on, with the lean one for origins that refuse it.
 *
 * @example
 * const http = createHttpClient(ctx, createTransports);
 */
export function createTransports(options: TransportOptions): HttpTransports {
  const lean = createLeanTransport(options);
  const undici = createUndiciTransport(options);
  const http2 = options.http2;
  if (http2 === false) return { undici, lean, leanCanHandle };
  return {
    undici,
    lean,
    leanCanHandle,
    h2: createH2Transport(options, lean),
    h2CanHandle: http2 === 'h2c' ? h2cCanHandle : h2TlsCanHandle,
  };
}

// One function for every VU (a closure per VU was one more object each).
const h2TlsCanHandle = (url: URL): boolean => h2CanHandle(url, true);
const h2cCanHandle = (url: URL): boolean => h2CanHandle(url, 'h2c');
