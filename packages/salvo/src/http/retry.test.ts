import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AbortableSleeper,
  backoffDelayMs,
  isRetryableStatus,
  retryAfterMs,
  retryPolicyFor,
} from './retry.ts';

const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1_000, statusAttempts: 1 };

test('full jitter: uniform up to base * 2^n, capped by maxDelay', () => {
  assert.equal(
    backoffDelayMs(policy, 0, () => 1),
    100,
  );
  assert.equal(
    backoffDelayMs(policy, 3, () => 1),
    800,
  );
  assert.equal(
    backoffDelayMs(policy, 10, () => 1),
    1_000,
  );
  assert.equal(
    backoffDelayMs(policy, 2, () => 0.5),
    200,
  );
  assert.equal(
    backoffDelayMs(policy, 2, () => 0),
    0,
  );
});

test('Retry-After in seconds or as an HTTP-date', () => {
  assert.equal(retryAfterMs('3'), 3_000);
  const nowMs = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', nowMs), 5_000);
  assert.equal(retryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', nowMs), 0);
  assert.equal(retryAfterMs('soon'), undefined);
  assert.equal(retryAfterMs(undefined), undefined);
});

test('5xx and 429 are retryable, other 4xx never', () => {
  assert.deepEqual([500, 503, 429, 404, 400, 409].map(isRetryableStatus), [
    true,
    true,
    true,
    false,
    false,
    false,
  ]);
});

test('a request policy overrides the test policy field by field; false turns it off', () => {
  assert.equal(retryPolicyFor(policy, undefined), policy);
  assert.equal(retryPolicyFor(policy, false), undefined);
  assert.deepEqual(retryPolicyFor(policy, { attempts: 1, baseDelay: '1s' }), {
    ...policy,
    attempts: 1,
    baseDelayMs: 1_000,
  });
  assert.deepEqual(retryPolicyFor(undefined, {}), {
    attempts: 2,
    baseDelayMs: 100,
    maxDelayMs: 10_000,
    statusAttempts: 1,
  });
  assert.throws(() => retryPolicyFor(policy, { maxDelay: 'soon' }), /retry\.maxDelay/);
});

test('sleeps end early, all of them, when woken; none starts on an aborted signal', async () => {
  const stop = new AbortController();
  const sleeper = new AbortableSleeper();
  const started = performance.now();
  const sleeps = Promise.all([sleeper.sleep(30_000, stop.signal), sleeper.sleep(30_000, stop.signal)]);
  setTimeout(() => {
    stop.abort();
    sleeper.wakeAll();
  }, 20);
  await sleeps;
  assert.ok(performance.now() - started < 5_000);
  await sleeper.sleep(30_000, stop.signal);
});
