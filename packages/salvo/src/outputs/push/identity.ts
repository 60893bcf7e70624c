import { hostname } from 'node:os';

/**
 * Who pushed: the job and instance a pushed run is stored under. A scraped run gets them
 * from Prometheus' scrape configuration (deploy/prometheus/prometheus.yml: job
 * `salvo-test`); a pushed one says them itself, the same job, so the lab's dashboards and
 * rules (which select by `job`) read both alike. The instance is this machine.
 */
export const PUSH_JOB = 'salvo-test';

export function pushInstance(): string {
  return hostname();
}
