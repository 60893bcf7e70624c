/** Order statistics of plain samples (per-second figures, not requests: HDR covers those). */

/** The q-quantile (0..1) of ascending `sorted`, linearly interpolated (R's type 7); NaN when empty. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** The median of `values` (any order); NaN when empty. */
export function median(values: readonly number[]): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/**
 * The median absolute deviation scaled to estimate a normal standard deviation (÷ 0.6745):
 * the spread of a series that a few outliers (a GC pause, one slow second) do not inflate.
 */
export function robustSigma(values: readonly number[]): number {
  const centre = median(values);
  return median(values.map((value) => Math.abs(value - centre))) / 0.6745;
}
