import type { HttpClientContext } from '../http/context.ts';
import { createHttpClient, createTransports } from '../http/index.ts';
import type { VuHttpClient } from './vu.ts';

/** Each VU's HTTP client, over its own transports (connections are opened on first use). */
export function createVuHttp(context: HttpClientContext): VuHttpClient {
  return createHttpClient(context, createTransports);
}
