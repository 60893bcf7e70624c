import type { RetryPolicy } from '../plan/types.ts';
import type { RequestParams } from './api.ts';
import { redirectTarget } from './redirects.ts';
import type { ResponseError } from './response.ts';
import { backoffDelayMs, isRetryableStatus, retryAfterMs } from './retry.ts';
import type { TransportResult } from './types.ts';

/** Network kinds worth another attempt; tls and protocol failures repeat themselves. */
const RETRYABLE_KINDS: ReadonlySet<string> = new Set(['timeout', 'connect', 'reset', 'dns']);
const DEFAULT_MIN_STATUS = 200;
const DEFAULT_MAX_STATUS = 399;

/**
 * A network error keeps its kind; an unexpected status is http_5xx from 500 up and
 * http_4xx below (including unexpected 1xx-3xx: the kinds name the side at fault, and a
 * status the test did not expect is a finding about the request, not a server failure).
 */
export function classify(
  result: TransportResult,
  expected: RequestParams['expectedStatuses'],
  method: string,
  name: string,
  followingFrom: URL | undefined,
): ResponseError | undefined {
  if (result.error !== undefined) {
    return { kind: result.error.kind, message: `${method} ${name}: ${result.error.message}` };
  }
  const status = result.status;
  if (isExpected(status, expected)) return undefined;
  // A redirect that will be followed is a step, not an outcome.
  if (followingFrom !== undefined && redirectTarget(result, followingFrom) !== undefined) return undefined;
  return {
    kind: status >= 500 ? 'http_5xx' : 'http_4xx',
    message: `${method} ${name}: unexpected status ${status}`,
  };
}

function isExpected(status: number, expected: RequestParams['expectedStatuses']): boolean {
  if (expected === undefined) return status >= DEFAULT_MIN_STATUS && status <= DEFAULT_MAX_STATUS;
  if ('min' in expected) return status >= expected.min && status <= expected.max;
  return expected.includes(status);
}

/** How long to wait before the next attempt, or undefined when this failure is final. */
export function retryDelayMs(
  policy: RetryPolicy,
  result: TransportResult,
  retries: number,
  statusRetries: number,
): number | undefined {
  if (result.error !== undefined) {
    return RETRYABLE_KINDS.has(result.error.kind) ? backoffDelayMs(policy, retries) : undefined;
  }
  if (!isRetryableStatus(result.status) || statusRetries >= policy.statusAttempts) return undefined;
  const afterMs = retryAfterMs(result.headers['retry-after']);
  return afterMs === undefined ? backoffDelayMs(policy, retries) : Math.min(afterMs, policy.maxDelayMs);
}
