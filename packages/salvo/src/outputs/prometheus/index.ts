import type { RunData, RunMeta } from '../../results/index.ts';

/**
 * The running test in Prometheus text format, served at the dashboard's `/metrics`.
 * Stub: replaced by the /metrics engineer's module at merge.
 */
export function prometheusExposition(_run: RunData, _meta: RunMeta): string {
  return '';
}
