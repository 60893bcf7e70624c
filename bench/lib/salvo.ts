import type { ToolReport } from './types.ts';

interface MetricEntry {
  values?: Record<string, number>;
}

/** What the bench reads from a Salvo results document (/work/shared/RESULTS.md). */
export interface SalvoReport extends ToolReport {
  droppedIterations: number;
  transport: string | null;
}

function metricValue(metrics: Record<string, MetricEntry>, name: string, key: string): number | null {
  const value = metrics[name]?.values?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Parses the results document of `salvo run --out json=FILE` (times in ms). */
export function parseSalvo(text: string): SalvoReport {
  let doc: { metrics?: Record<string, MetricEntry>; meta?: { transport?: string } };
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error('salvo: the results file is not JSON');
  }
  const metrics = doc.metrics;
  if (metrics === undefined) throw new Error('salvo: the results document has no metrics');
  const requests = metricValue(metrics, 'http_reqs', 'count');
  const reqPerSec = metricValue(metrics, 'http_reqs', 'rate');
  if (requests === null || reqPerSec === null) throw new Error('salvo: http_reqs count or rate missing');
  const failedRate = metricValue(metrics, 'http_req_failed', 'rate') ?? 0;
  const failedPasses = metricValue(metrics, 'http_req_failed', 'passes');
  return {
    requests,
    reqPerSec,
    p50Ms:
      metricValue(metrics, 'http_req_duration', 'p(50)') ?? metricValue(metrics, 'http_req_duration', 'med'),
    p99Ms: metricValue(metrics, 'http_req_duration', 'p(99)'),
    // http_req_failed is a rate whose "passes" are the failed requests (k6's convention).
    errors: failedPasses ?? Math.round(failedRate * requests),
    droppedIterations: metricValue(metrics, 'dropped_iterations', 'count') ?? 0,
    transport: doc.meta?.transport ?? null,
  };
}
