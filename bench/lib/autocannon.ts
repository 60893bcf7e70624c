import type { ToolReport } from './types.ts';

interface AutocannonJson {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  latency: { p50: number; p99: number };
  requests: { average: number; total: number };
}

function isAutocannonJson(value: unknown): value is AutocannonJson {
  const v = value as Partial<AutocannonJson> | null;
  return (
    typeof v?.requests?.total === 'number' &&
    typeof v.requests.average === 'number' &&
    typeof v.latency?.p50 === 'number' &&
    typeof v.latency.p99 === 'number'
  );
}

/** Parses `autocannon -j` output (one JSON object; latencies in whole ms). */
export function parseAutocannon(text: string): ToolReport {
  const start = text.indexOf('{');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(start));
  } catch {
    throw new Error('autocannon: its output is not the JSON of -j');
  }
  if (!isAutocannonJson(parsed)) throw new Error('autocannon: its JSON lacks requests or latency');
  return {
    requests: parsed.requests.total,
    reqPerSec: parsed.requests.average,
    p50Ms: parsed.latency.p50,
    p99Ms: parsed.latency.p99,
    errors: (parsed.errors ?? 0) + (parsed.non2xx ?? 0),
  };
}
