import type { HttpClientContext } from '../http/context.ts';
import { createHttpClient, createTransports, debugTransports, type HttpDebugMode } from '../http/index.ts';
import type { VuHttpClient } from './vu.ts';

/** Each VU's HTTP client, over its own transports (connections are opened on first use). */
export function createVuHttp(context: HttpClientContext): VuHttpClient {
  return createHttpClient(context, createTransports);
}

/**
 * The VU client factory for a run: with `--http-debug`, transports that print each request
 * and response on stderr; decided here once, so a run without it has no debug check per request.
 */
export function vuHttpFactory(
  debug: HttpDebugMode | undefined,
): (context: HttpClientContext) => VuHttpClient {
  if (debug === undefined) return createVuHttp;
  const transports = debugTransports(createTransports, debug, (text) => process.stderr.write(text));
  return (context) => createHttpClient(context, transports);
}
