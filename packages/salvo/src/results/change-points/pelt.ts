/**
 * PELT (Killick, Fearnhead & Eckley 2012, "Optimal detection of changepoints with a linear
 * computational cost"): the segmentation of a series into stretches of constant mean that
 * minimizes the sum of each stretch's cost plus a penalty per change, found exactly by
 * dynamic programming, with the pruning that keeps it near linear. The cost of a stretch is
 * the normal log-likelihood's with a known spread: Σ (x − mean)² / σ². Written here because
 * no maintained JavaScript package implements it (R's changepoint and Python's ruptures
 * are the references); it is one loop over prefix sums.
 */

export interface PeltOptions {
  /** The series' noise, one standard deviation (the cost's σ). */
  readonly sigma: number;
  /** The penalty a change must pay for; default 3 ln n (a BIC-like choice, a bit stricter). */
  readonly penalty?: number;
  /** The shortest stretch, in points (default 5). */
  readonly minSegment?: number;
}

/** The indexes at which a new stretch starts (ascending; never 0), for `values` in order. */
export function pelt(values: readonly number[], options: PeltOptions): number[] {
  const n = values.length;
  const minSegment = Math.max(1, options.minSegment ?? 5);
  if (n < 2 * minSegment || !(options.sigma > 0)) return [];
  const penalty = options.penalty ?? 3 * Math.log(n);
  const sums = new Float64Array(n + 1);
  const squares = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    sums[i + 1] = sums[i]! + values[i]!;
    squares[i + 1] = squares[i]! + values[i]! * values[i]!;
  }
  const variance = options.sigma * options.sigma;
  /** The cost of the stretch [from, to). */
  const cost = (from: number, to: number): number => {
    const sum = sums[to]! - sums[from]!;
    return Math.max(0, squares[to]! - squares[from]! - (sum * sum) / (to - from)) / variance;
  };
  // best[t]: the least cost of values[0, t); last[t]: where its last stretch starts
  const best = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  const last = new Int32Array(n + 1);
  best[0] = -penalty;
  let candidates = [0];
  for (let t = minSegment; t <= n; t++) {
    for (const from of candidates) {
      if (t - from < minSegment) continue;
      const total = best[from]! + cost(from, t) + penalty;
      if (total < best[t]!) {
        best[t] = total;
        last[t] = from;
      }
    }
    // pruning: a start that cannot beat best[t] now never will (the cost only grows with t)
    candidates = candidates.filter(
      (from) => t - from < minSegment || best[from]! + cost(from, t) <= best[t]!,
    );
    if (t + minSegment <= n && Number.isFinite(best[t]!)) candidates.push(t);
  }
  const starts: number[] = [];
  for (let t = last[n]!; t > 0; t = last[t]!) starts.push(t);
  return starts.reverse();
}
