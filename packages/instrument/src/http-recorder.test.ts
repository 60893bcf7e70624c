import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from '@prometheus-io/client';
import { HttpRecorder, methodLabel, pathOf } from './http-recorder.ts';

describe('http recorder', () => {
  it('uppercases known methods and collapses others to OTHER', () => {
    assert.equal(methodLabel('GET'), 'GET');
    assert.equal(methodLabel('patch'), 'PATCH');
    assert.equal(methodLabel('PURGE'), 'OTHER');
    assert.equal(methodLabel('x'.repeat(100)), 'OTHER');
    assert.equal(methodLabel(undefined), 'OTHER');
  });

  it('strips query strings and fragments from paths', () => {
    assert.equal(pathOf('/a/b?c=d#e'), '/a/b');
    assert.equal(pathOf('/a#x?y'), '/a');
    assert.equal(pathOf(undefined), '/');
  });

  it('ends a sample once, however often end is called', async () => {
    const registry = new Registry();
    const recorder = new HttpRecorder(registry, [1], new Set(['/metrics']));
    const sample = recorder.start('get');
    recorder.end(sample, '/x', '200');
    recorder.end(sample, '/x', '499');
    const text = await registry.metrics();
    assert.match(text, /^http_requests_total\{method="GET",route="\/x",status="200"\} 1$/m);
    assert.doesNotMatch(text, /status="499"/);
    assert.match(text, /^http_requests_in_flight 0$/m);
    assert.equal(recorder.isExcluded('/metrics?format=text'), true);
    assert.equal(recorder.isExcluded('/metrics/x'), false);
  });

  it('caps distinct route values at maxRoutes, later ones share __overflow__', async () => {
    const registry = new Registry();
    const recorder = new HttpRecorder(registry, [1], new Set(), 2);
    for (const route of ['/a', '/b', '/c', '/d', '/a']) recorder.end(recorder.start('GET'), route, '200');
    const lines = (await registry.metrics()).split('\n').filter((l) => l.startsWith('http_requests_total{'));
    assert.deepEqual(lines.sort(), [
      'http_requests_total{method="GET",route="/a",status="200"} 2',
      'http_requests_total{method="GET",route="/b",status="200"} 1',
      'http_requests_total{method="GET",route="__overflow__",status="200"} 2',
    ]);
  });
});
