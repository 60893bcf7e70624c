import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRecorder } from '../metrics/index.ts';
import { RequestSeriesCache } from './client-metrics.ts';

test('request series: equal tags in any order and any object give one series; others their own', () => {
  const cache = new RequestSeriesCache(createRecorder('t'), { scenario: 's' });
  const a = cache.for('/a', 'GET', { kind: 'static', tier: '1' });
  assert.equal(cache.for('/a', 'GET', { kind: 'static', tier: '1' }), a);
  assert.equal(cache.for('/a', 'GET', { tier: '1', kind: 'static' }), a);
  const others = [
    cache.for('/a', 'GET', { kind: 'static' }),
    cache.for('/a', 'GET', { kind: 'static', tier: '2' }),
    cache.for('/a', 'GET', { kind: 'static', tier: '1', zone: 'x' }),
    cache.for('/a', 'POST', { kind: 'static', tier: '1' }),
    cache.for('/b', 'GET', { kind: 'static', tier: '1' }),
    cache.for('/a', 'GET', undefined),
  ];
  assert.equal(new Set([a, ...others]).size, 7);
  assert.equal(cache.for('/a', 'GET', { tier: '1', kind: 'static' }), a, 'found again after others');
  assert.deepEqual(a.tags, { scenario: 's', kind: 'static', tier: '1', name: '/a', method: 'GET' });
});
