import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SalvoError } from '../errors.ts';
import { normalizePlan } from './normalize.ts';

const exec = async () => {};

test('scrape: URLs and objects, with defaults (2 s, timeout = interval up to 10 s)', () => {
  const plan = normalizePlan({
    vus: 1,
    duration: '1s',
    exec,
    scrape: [
      'http://127.0.0.1:3000/metrics',
      { url: 'https://metrics.example/m', interval: '30s', keep: ['ai_generation_seconds'] },
      { url: 'http://127.0.0.1:9100/metrics', interval: 500, timeout: '100ms' },
    ],
  });
  assert.deepEqual(plan.scrape, [
    { url: 'http://127.0.0.1:3000/metrics', intervalMs: 2000, timeoutMs: 2000, keep: [] },
    {
      url: 'https://metrics.example/m',
      intervalMs: 30_000,
      timeoutMs: 10_000,
      keep: ['ai_generation_seconds'],
    },
    { url: 'http://127.0.0.1:9100/metrics', intervalMs: 500, timeoutMs: 100, keep: [] },
  ]);
  assert.deepEqual(normalizePlan({ vus: 1, duration: '1s', exec }).scrape, []);
});

test('scrape: every bad entry is its own problem, named by its path', () => {
  assert.throws(
    () =>
      normalizePlan({
        vus: 1,
        duration: '1s',
        exec,
        scrape: [
          'ftp://x/metrics',
          { url: 'http://x/m', interval: '100ms', keep: ['ok_name', 'not a name'] },
          { url: 'http://x/m', every: '1s' },
          42,
        ] as never,
      }),
    (error: unknown) => {
      assert.ok(error instanceof SalvoError);
      assert.deepEqual(
        error.problems.map((problem) => problem.message),
        [
          'scrape[0].url: must be an http: or https: URL, got ftp:',
          'scrape[1].interval: must be at least 250ms',
          'scrape[1].keep[1]: must be a Prometheus metric name, got "not a name"',
          'scrape[2].every: is not a known option',
          'scrape[3]: must be a URL or { url, interval, timeout, keep }',
        ],
      );
      return true;
    },
  );
});
