import { Problems } from '../errors.ts';
import type { Timeouts } from '../http/types.ts';
import type { HttpDefaults, HttpOptionsInput, RetryPolicy } from './types.ts';
import {
  definitionError,
  durationMs,
  oneOf,
  optionalWhole,
  rejectUnknownKeys,
  stringRecord,
} from './validate.ts';

export const DEFAULT_TIMEOUTS: Timeouts = {
  connectMs: 10_000,
  headersMs: 60_000,
  bodyMs: 60_000,
  requestMs: 60_000,
};

/**
 * Per VU and origin, as browsers and k6's http.batch: `Promise.all` of a few requests runs
 * them side by side. Both transports open a connection only when every open one is busy,
 * so a VU that never overlaps requests still holds exactly one.
 */
export const DEFAULT_CONNECTIONS_PER_ORIGIN = 6;

/**
 * Shared HTTP/2 sessions: streams per session, the usual server limit (nginx's
 * http2_max_concurrent_streams and Node's default are 128 and unlimited; many CDNs say 100).
 */
const DEFAULT_STREAMS_PER_SESSION = 100;

const HTTP_KEYS = [
  'baseUrl',
  'headers',
  'timeout',
  'retry',
  'transport',
  'loadTestHeader',
  'insecureSkipTLSVerify',
  'tls',
  'http2',
  'http2Sessions',
  'http2StreamsPerSession',
  'http2Client',
  'discardResponseBodies',
  'maxConnectionsPerOrigin',
  'pipelining',
] as const;

export function normalizeHttp(input: HttpOptionsInput | undefined): HttpDefaults {
  const http = input ?? {};
  // each setting is checked on its own, so every bad one is reported at once
  const problems = new Problems();
  const check = <T>(run: () => T): T => problems.check(run);
  check(() => rejectUnknownKeys(http, 'http', HTTP_KEYS));
  if (http.baseUrl !== undefined) check(() => checkBaseUrl(http.baseUrl));
  const defaults: HttpDefaults = {
    baseUrl: http.baseUrl,
    headers: check(() => stringRecord(http.headers, 'http.headers')),
    timeouts: check(() => normalizeTimeouts(http.timeout, 'http.timeout', DEFAULT_TIMEOUTS)),
    retry: http.retry === undefined ? undefined : check(() => normalizeRetry(http.retry, 'http.retry')),
    transport: check(() => oneOf(http.transport, 'http.transport', ['auto', 'lean', 'undici'], 'auto')),
    loadTestHeader: http.loadTestHeader !== false,
    tls: {
      insecureSkipVerify: http.insecureSkipTLSVerify === true,
      ca: http.tls?.ca,
      cert: http.tls?.cert,
      key: http.tls?.key,
    },
    http2: http.http2 === 'h2c' ? 'h2c' : http.http2 === true,
    http2Client: check(() => oneOf(http.http2Client, 'http.http2Client', ['lean', 'node'], 'lean')),
    http2Sessions: {
      shared:
        check(() => oneOf(http.http2Sessions, 'http.http2Sessions', ['vu', 'shared'], 'vu')) === 'shared',
      streamsPerSession: check(() =>
        optionalWhole(
          http.http2StreamsPerSession,
          'http.http2StreamsPerSession',
          1,
          DEFAULT_STREAMS_PER_SESSION,
        ),
      ),
    },
    discardResponseBodies: http.discardResponseBodies === true,
    maxConnectionsPerOrigin: check(() =>
      optionalWhole(
        http.maxConnectionsPerOrigin,
        'http.maxConnectionsPerOrigin',
        1,
        DEFAULT_CONNECTIONS_PER_ORIGIN,
      ),
    ),
    pipelining: check(() => optionalWhole(http.pipelining, 'http.pipelining', 1, 1)),
  };
  problems.throwIfAny();
  return defaults;
}

/** A single duration bounds the whole request; an object sets each phase. */
export function normalizeTimeouts(value: unknown, path: string, base: Timeouts): Timeouts {
  if (value === undefined) return base;
  if (typeof value === 'string' || typeof value === 'number') {
    const ms = durationMs(value, path);
    return {
      connectMs: Math.min(base.connectMs, ms),
      headersMs: ms,
      bodyMs: ms,
      requestMs: ms,
    };
  }
  if (typeof value !== 'object' || value === null)
    throw definitionError(path, 'must be a duration or an object');
  rejectUnknownKeys(value, path, ['connect', 'headers', 'body', 'request']);
  const phases = value as Record<string, unknown>;
  return {
    connectMs: durationMs(phases.connect, `${path}.connect`, base.connectMs),
    headersMs: durationMs(phases.headers, `${path}.headers`, base.headersMs),
    bodyMs: durationMs(phases.body, `${path}.body`, base.bodyMs),
    requestMs: durationMs(phases.request, `${path}.request`, base.requestMs),
  };
}

export function normalizeRetry(value: unknown, path: string): RetryPolicy {
  if (typeof value !== 'object' || value === null) throw definitionError(path, 'must be an object');
  rejectUnknownKeys(value, path, ['attempts', 'baseDelay', 'maxDelay', 'statusAttempts']);
  const retry = value as Record<string, unknown>;
  const attempts = optionalWhole(retry.attempts, `${path}.attempts`, 0, 2);
  return {
    attempts,
    baseDelayMs: durationMs(retry.baseDelay, `${path}.baseDelay`, 100),
    maxDelayMs: durationMs(retry.maxDelay, `${path}.maxDelay`, 10_000),
    statusAttempts: Math.min(attempts, optionalWhole(retry.statusAttempts, `${path}.statusAttempts`, 0, 1)),
  };
}

function checkBaseUrl(baseUrl: unknown): void {
  if (typeof baseUrl !== 'string' || !URL.canParse(baseUrl)) {
    throw definitionError('http.baseUrl', `must be an absolute URL, got ${JSON.stringify(baseUrl)}`);
  }
  const { protocol } = new URL(baseUrl);
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw definitionError('http.baseUrl', `must be an http: or https: URL, got ${protocol}`);
  }
}
