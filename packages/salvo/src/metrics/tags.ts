import type { Tags } from './types.ts';

/**
 * The canonical identity of a (metric, tag set): tag keys sorted, so the order a caller
 * wrote them in does not matter. Separators are control characters no tag uses.
 */
export function seriesKey(metric: string, tags: Tags): string {
  const keys = Object.keys(tags).sort();
  let key = metric;
  for (const name of keys) key += `\u0000${name}\u0001${tags[name]}`;
  return key;
}

/**
 * The key users read and write, as k6 prints it: `metric` or `metric{k:v,k2:v2}`, tags in
 * the order given.
 */
export function displayKey(metric: string, tags: Tags): string {
  const pairs = Object.entries(tags).map(([name, value]) => `${name}:${value}`);
  return pairs.length === 0 ? metric : `${metric}{${pairs.join(',')}}`;
}

/** Whether `tags` holds every pair of `subset` (a tag-set key matches such series). */
export function tagsInclude(tags: Tags, subset: Tags): boolean {
  for (const name in subset) if (tags[name] !== subset[name]) return false;
  return true;
}
