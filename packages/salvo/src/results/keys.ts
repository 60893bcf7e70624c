import type { Tags } from './model.ts';

/**
 * The key users read and write, as k6 prints it: `metric` or `metric{k:v,k2:v2}`, tags in
 * the order given.
 */
export function displayKey(metric: string, tags: Tags): string {
  const pairs = Object.entries(tags).map(([name, value]) => `${name}:${value}`);
  return pairs.length === 0 ? metric : `${metric}{${pairs.join(',')}}`;
}
