/**
 * PromQL's arithmetic on scraped counters, done between two scrapes instead of in a
 * Prometheus: `increase` (reset-aware) and `histogram_quantile` over bucket increases.
 */

/** Cumulative bucket counts by upper bound (`le`, seconds or the metric's unit); +Inf included. */
export type Buckets = ReadonlyMap<number, number>;

/**
 * A counter's increase from `before` to `after`; a counter that went down was reset (the
 * service restarted), so everything it counts now is new, as Prometheus' `increase` reads it.
 */
export function increase(before: number | undefined, after: number): number {
  if (before === undefined) return 0;
  return after >= before ? after - before : after;
}

/** Each bucket's increase between two scrapes (a bucket new in `after` counts from 0). */
export function bucketIncrease(before: Buckets | undefined, after: Buckets): Map<number, number> {
  const reset = before !== undefined && [...after].some(([le, count]) => count < (before.get(le) ?? 0));
  const result = new Map<number, number>();
  for (const [le, count] of after) result.set(le, reset || !before ? count : count - (before.get(le) ?? 0));
  return result;
}

/** Adds `more` into `into`, bucket by bucket. */
export function addBuckets(into: Map<number, number>, more: Buckets): void {
  for (const [le, count] of more) into.set(le, (into.get(le) ?? 0) + count);
}

/**
 * `histogram_quantile(q, ...)` as Prometheus computes it: the rank q × total, found in the
 * first bucket that reaches it, linearly interpolated inside that bucket (from 0 for the
 * first bucket, when its bound is positive); a rank in the +Inf bucket gives the highest
 * finite bound. Undefined when the buckets hold nothing (or have no +Inf bucket).
 *
 * @example
 * quantile(0.5, new Map([[0.1, 50], [0.2, 100], [Infinity, 100]])); // 0.1
 */
export function quantile(q: number, buckets: Buckets): number | undefined {
  const sorted = [...buckets].sort(([a], [b]) => a - b);
  const last = sorted.at(-1);
  if (!last || last[0] !== Number.POSITIVE_INFINITY || last[1] <= 0) return undefined;
  const rank = q * last[1];
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [index, [le, count]] of sorted.entries()) {
    if (count >= rank && count > lowerCount) {
      if (le === Number.POSITIVE_INFINITY) return index > 0 ? sorted[index - 1]![0] : undefined;
      if (index === 0 && le <= 0) return le;
      return lowerBound + (le - lowerBound) * ((rank - lowerCount) / (count - lowerCount));
    }
    lowerBound = le;
    lowerCount = count;
  }
  return undefined;
}
