import { uslThroughput } from '../../stats/index.ts';
import type { CacheDocument } from '../cache/index.ts';
import type { CapacityDocument } from '../capacity/index.ts';
import type { StepFigures } from '../step/index.ts';
import type { SuiteMeta } from '../suite-meta.ts';
import { analyseEndpoint } from '../sweep/analyse.ts';
import type { SweepDocument } from '../sweep/index.ts';

/** A name that would run script if any page put user text in as HTML. */
export const HOSTILE_NAME = 'GET /</script><img src=x onerror="window.__pwned=1">';

const meta = (test: string): SuiteMeta => ({
  salvoVersion: '0.1.0',
  node: 'v24.0.0',
  host: 'test',
  test,
  startedAt: '2026-12-01T10:00:00.000Z',
  endedAt: '2026-12-01T10:05:00.000Z',
  durationMs: 300_000,
  outcome: 'completed',
});

function figures(throughputRps: number, p50Ms: number, saturated = false): StepFigures {
  return {
    requests: Math.round(throughputRps * 10),
    failures: 0,
    durationMs: 10_000,
    throughputRps,
    goodputRps: throughputRps,
    errorRate: 0,
    latencyMetric: 'http_req_duration',
    p50Ms,
    p95Ms: p50Ms * 1.5,
    p99Ms: p50Ms * 2,
    droppedIterations: 0,
    generator: {
      elu: saturated ? 0.95 : 0.3,
      cpu: saturated ? 0.96 : 0.3,
      saturated,
      reasons: saturated ? ['elu', 'cpu'] : [],
    },
  };
}

/** Two endpoints on exact USL curves (the hostile one with a saturated top level), analysed as the suite does. */
export function sweepDocument(): SweepDocument {
  const levels = [1, 5, 10, 20, 50, 100, 200];
  const endpoint = (
    name: string,
    truth: { lambda: number; sigma: number; kappa: number },
    saturatedTop: boolean,
  ) => {
    const rows = levels.map((level, i) => {
      const x = uslThroughput(truth, level);
      return { level, ...figures(x, (level / x) * 1000, saturatedTop && i === levels.length - 1) };
    });
    return analyseEndpoint(name, rows, 'closed');
  };
  return {
    schema: 'salvo/sweep',
    version: 1,
    meta: {
      ...meta('http://127.0.0.1:3000/ http://127.0.0.1:3000/x'),
      model: 'closed',
      levels,
      levelDurationMs: 10_000,
      warmupMs: 2_000,
    },
    endpoints: [
      endpoint('GET /', { lambda: 400, sigma: 0.05, kappa: 0.0005 }, false),
      endpoint(HOSTILE_NAME, { lambda: 100, sigma: 0.02, kappa: 0.0002 }, true),
    ],
  };
}

export function cacheDocument(): CacheDocument {
  const ok = (key: string, coldMs: number, warmMs: number) => ({
    key,
    status: 'ok' as const,
    coldMs,
    warm: { count: 10, failures: 0, p50Ms: warmMs, p95Ms: warmMs * 1.4, p99Ms: warmMs * 1.8 },
    speedUp: coldMs / warmMs,
  });
  return {
    schema: 'salvo/cache',
    version: 1,
    meta: { ...meta('http://127.0.0.1:3000/generate-blog'), method: 'POST', warmRequests: 10 },
    keys: [
      ok('A title', 2100, 4.1),
      {
        key: HOSTILE_NAME,
        status: 'cold_failed',
        coldMs: 12,
        coldError: 'http_5xx: <b>500</b>',
        warm: null,
        speedUp: null,
      },
      ok('Another title', 1900, 3.8),
    ],
    overall: {
      coldMedianMs: 2000,
      warmMedianMs: 4,
      speedUp: {
        estimate: 500,
        low: 410,
        high: 560,
        confidence: 0.95,
        resamples: 2000,
        method: 'percentile bootstrap of the ratio of medians',
      },
    },
    hitRatio: { source: 'http://127.0.0.1:3000/metrics', hits: 20, misses: 3, ratio: 20 / 23 },
  };
}

export function capacityDocument(): CapacityDocument {
  const step = (rateRps: number, phase: 'ramp' | 'bisect', holds: boolean) => ({
    rateRps,
    phase,
    ...figures(holds ? rateRps : rateRps * 0.8, holds ? 8 : 900),
    holds,
    slo: [{ key: 'response_time', expression: 'p(99)<500', ok: holds, actual: holds ? 16 : 1800 }],
    reasons: holds ? [] : ['response_time p(99)<500 (1800)'],
  });
  return {
    schema: 'salvo/capacity',
    version: 1,
    meta: {
      ...meta(`http://127.0.0.1:3000/${HOSTILE_NAME}`),
      slo: { response_time: ['p(99)<500'] },
      stepDurationMs: 10_000,
      warmupMs: 2_000,
      startRps: 10,
      factor: 2,
      maxRps: 100_000,
      precision: 0.05,
    },
    sustainableRps: 57.5,
    failedRps: 60,
    end: 'narrowed',
    steps: [
      step(10, 'ramp', true),
      step(20, 'ramp', true),
      step(40, 'ramp', true),
      step(80, 'ramp', false),
      step(60, 'bisect', false),
      step(50, 'bisect', true),
      step(55, 'bisect', true),
      step(57.5, 'bisect', true),
    ],
  };
}
