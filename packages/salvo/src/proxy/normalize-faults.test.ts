import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SalvoError } from '../errors.ts';
import { drawDelayMs } from './delay.ts';
import { parseFaultFlag } from './fault-flag.ts';
import { normalizeFaults } from './normalize-faults.ts';
import { routeMatches } from './route-match.ts';

test('faults as users write them, normalized', () => {
  const [latency, bandwidth, error] = normalizeFaults(
    [
      {
        kind: 'latency',
        delay: '200ms',
        jitter: '50ms',
        share: '30%',
        route: 'GET /api/posts/:id',
        from: '20s',
        to: '40s',
      },
      { kind: 'bandwidth', down: '64KB', up: 1000 },
      { kind: 'http-error', name: 'boom' },
    ],
    'faults',
  );
  assert.deepEqual(
    { ...latency, route: latency?.route?.source, input: undefined },
    {
      kind: 'latency',
      name: 'latency#0',
      share: 0.3,
      route: 'GET /api/posts/:id',
      fromMs: 20_000,
      toMs: 40_000,
      delayMs: 200,
      jitterMs: 50,
      distribution: 'uniform',
      downBytesPerMs: 0,
      upBytesPerMs: 0,
      at: 'request',
      closeAfterMs: 0,
      status: 503,
      body: 'fault injected by salvo proxy (latency)\n',
      keep: undefined,
      input: undefined,
    },
  );
  assert.equal(bandwidth?.downBytesPerMs, 65.536);
  assert.equal(bandwidth?.upBytesPerMs, 1);
  assert.equal(error?.name, 'boom');
  assert.equal(error?.toMs, Number.POSITIVE_INFINITY);
});

test('every problem of a fault list at once, each named by its path', () => {
  const cases: [unknown, RegExp[]][] = [
    [{ kind: 'lag' }, [/faults\[0\]\.kind: must be one of latency, bandwidth/]],
    [{ kind: 'latency' }, [/faults\[0\]\.delay: is required/]],
    [
      { kind: 'latency', delay: '1ms', share: 1.5, status: 500 },
      [/status: has no meaning for a latency fault/, /share: must be a fraction/],
    ],
    [{ kind: 'blackhole', route: '/x' }, [/route: a blackhole fault acts on whole connections/]],
    [
      { kind: 'http-error', route: 'posts', status: 99 },
      [/route: must be '\[METHOD\] \/path'/, /status: must be a status from 200 to 599/],
    ],
    [
      { kind: 'timeout', from: '10s', to: '5s', colour: 'red' },
      [/colour: is not a known setting/, /to: must be later than from/],
    ],
    [{ kind: 'bandwidth' }, [/a bandwidth fault needs down or up/]],
    [{ kind: 'bandwidth', down: 'fast' }, [/down: must be bytes a second/]],
  ];
  for (const [fault, expected] of cases) {
    try {
      normalizeFaults([fault], 'faults');
      assert.fail(`accepted ${JSON.stringify(fault)}`);
    } catch (error) {
      assert.ok(error instanceof SalvoError && error.code === 'SALVO_ERR_FAULT', String(error));
      const messages = error.problems.map((problem) => problem.message);
      assert.equal(messages.length, expected.length, messages.join('\n'));
      for (const [i, pattern] of expected.entries()) assert.match(messages[i]!, pattern);
    }
  }
});

test('routes match a method and path, `:x` one segment, `*` the rest, the query aside', () => {
  const [fault] = normalizeFaults([{ kind: 'timeout', route: 'GET /api/posts/:id' }], 'f');
  const route = fault!.route!;
  assert.ok(routeMatches(route, 'GET', '/api/posts/7?x=1'));
  assert.ok(!routeMatches(route, 'POST', '/api/posts/7'));
  assert.ok(!routeMatches(route, 'GET', '/api/posts/7/comments'));
  const [all] = normalizeFaults([{ kind: 'timeout', route: '/api/*' }], 'f');
  assert.ok(routeMatches(all!.route!, 'DELETE', '/api/a/b'));
  assert.ok(routeMatches(all!.route!, 'GET', '/api'));
  assert.ok(!routeMatches(all!.route!, 'GET', '/apix'));
});

test('delays stay in their distribution: fixed, uniform within ±jitter, normal around delay', () => {
  assert.equal(drawDelayMs({ delayMs: 100, jitterMs: 0, distribution: 'fixed' }), 100);
  const uniform = Array.from({ length: 2000 }, () =>
    drawDelayMs({ delayMs: 100, jitterMs: 20, distribution: 'uniform' }),
  );
  assert.ok(Math.min(...uniform) >= 80 && Math.max(...uniform) <= 120);
  const normal = Array.from({ length: 2000 }, () =>
    drawDelayMs({ delayMs: 100, jitterMs: 20, distribution: 'normal' }),
  );
  const mean = normal.reduce((a, b) => a + b, 0) / normal.length;
  const sd = Math.sqrt(normal.reduce((a, b) => a + (b - mean) ** 2, 0) / normal.length);
  assert.ok(Math.abs(mean - 100) < 3 && Math.abs(sd - 20) < 3, `mean ${mean}, sd ${sd}`);
  assert.ok(Math.min(...normal) >= 0);
});

test('--fault KIND:KEY=VALUE,... reads as the same settings', () => {
  assert.deepEqual(parseFaultFlag('http-error:status=503,route=GET /api/posts/:id,share=10%'), {
    kind: 'http-error',
    status: 503,
    route: 'GET /api/posts/:id',
    share: '10%',
  });
  assert.deepEqual(parseFaultFlag('blackhole'), { kind: 'blackhole' });
  assert.throws(() => parseFaultFlag('latency:200ms'), /"200ms" is not KEY=VALUE/);
});
