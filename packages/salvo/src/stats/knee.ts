/**
 * The knee of a throughput curve by Kneedle (Satopää, Albrecht, Irwin, Raghavan, "Finding
 * a 'Kneedle' in a Haystack", ICDCS workshops 2011): both axes scaled to 0..1 (the levels
 * from first to last, throughput from its lowest to its highest), the knee is the level
 * where the curve lies farthest above the straight line y = x, i.e. where adding load
 * stopped buying throughput in proportion. A curve that never rises at least
 * `minDistance` above that line (throughput still growing with the level, or flat from
 * the start) has no knee. Nor does a level whose throughput is not `KNEE_MIN_RISE` above
 * the first level's: scaled to 0..1, a flat curve's noise would look like a bend.
 */

/** Below this, a bend is within the noise of a few seconds' measurement: no knee. */
const KNEE_MIN_DISTANCE = 0.1;
/** A knee's throughput is at least this much above the first level's (0.2: 20 %). */
const KNEE_MIN_RISE = 0.2;

export interface Knee {
  /** Index into the levels given. */
  readonly index: number;
  /** Its distance above the diagonal, 0..1. */
  readonly distance: number;
}

/**
 * @example
 * findKnee([1, 2, 4, 8, 16, 32], [50, 100, 200, 400, 400, 400]); // { index: 3, distance: 0.77 }
 */
export function findKnee(
  levels: readonly number[],
  throughput: readonly number[],
  minDistance = KNEE_MIN_DISTANCE,
): Knee | undefined {
  if (levels.length < 3 || levels.length !== throughput.length) return undefined;
  const first = levels[0]!;
  const span = levels[levels.length - 1]! - first;
  const low = Math.min(...throughput);
  const range = Math.max(...throughput) - low;
  if (span <= 0 || range <= 0) return undefined;
  let best: Knee | undefined;
  levels.forEach((level, index) => {
    const distance = (throughput[index]! - low) / range - (level - first) / span;
    const rose = throughput[index]! >= (1 + KNEE_MIN_RISE) * throughput[0]!;
    if (rose && distance >= minDistance && (best === undefined || distance > best.distance))
      best = { index, distance };
  });
  return best;
}
