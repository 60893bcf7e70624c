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

/** Whether `tags` holds every pair of `subset` (a tag-set key matches such series). */
export function tagsInclude(tags: Tags, subset: Tags): boolean {
  for (const name in subset) if (tags[name] !== subset[name]) return false;
  return true;
}
