import type { HttpTransports } from './client.ts';
import { createLeanTransport, leanCanHandle } from './lean/index.ts';
import type { TransportOptions } from './types.ts';
import { createUndiciTransport } from './undici/index.ts';

/**
 * Both transports for one VU (neither opens a connection before its first request).
 *
 * @example
 * const http = createHttpClient(ctx, createTransports);
 */
export function createTransports(options: TransportOptions): HttpTransports {
  return { undici: createUndiciTransport(options), lean: createLeanTransport(options), leanCanHandle };
}
