import type { Recorder } from '../../metrics/types.ts';
import type { HttpDefaults } from '../../plan/types.ts';
import { RequestSeriesCache } from '../client-metrics.ts';
import type { HttpClientContext } from '../context.ts';
import type { TransportName } from '../types.ts';

/** HTTP defaults for tests: generous timeouts, no retries, one connection per origin. */
export function testHttpDefaults(overrides: Partial<HttpDefaults> = {}): HttpDefaults {
  return {
    baseUrl: undefined,
    headers: {},
    timeouts: { connectMs: 5_000, headersMs: 10_000, bodyMs: 10_000, requestMs: 20_000 },
    retry: undefined,
    transport: 'auto',
    loadTestHeader: true,
    tls: { insecureSkipVerify: false },
    http2: false,
    http2Sessions: { shared: false, streamsPerSession: 100 },
    http2Client: 'lean',
    discardResponseBodies: false,
    maxConnectionsPerOrigin: 1,
    pipelining: 1,
    ...overrides,
  };
}

/** A client context over `recorder` with tag `scenario: 'test'`. */
export function testClientContext(
  recorder: Recorder,
  overrides: Partial<HttpDefaults> = {},
  extra: {
    signal?: AbortSignal;
    iterationLagMs?: () => number | undefined;
    noteTransport?: (name: TransportName) => void;
  } = {},
): HttpClientContext {
  const baseTags = { scenario: 'test' };
  return {
    recorder,
    defaults: testHttpDefaults(overrides),
    baseTags,
    requestSeries: new RequestSeriesCache(recorder, baseTags),
    iterationLagMs: extra.iterationLagMs ?? (() => undefined),
    signal: extra.signal ?? new AbortController().signal,
    noteTransport: extra.noteTransport ?? (() => {}),
  };
}
