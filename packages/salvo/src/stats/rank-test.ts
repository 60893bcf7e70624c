/**
 * The Mann-Whitney U test (Wilcoxon rank-sum), two-sided, by its normal approximation with
 * the tie correction and a continuity correction: do two samples come from one
 * distribution, without assuming any shape? Written here because no well-kept JavaScript
 * library gives its p-value with ties (simple-statistics gives the rank sum only, jStat
 * not the test); it is twenty lines over a normal CDF.
 */

export interface RankTest {
  /** U of the second sample: how often one of its values beats one of the first's (ties half). */
  readonly u: number;
  /** Standardized U; positive when the second sample tends higher. */
  readonly z: number;
  /** Two-sided: the chance of a |z| this large when both come from one distribution. */
  readonly pValue: number;
}

export function mannWhitney(first: readonly number[], second: readonly number[]): RankTest {
  const n1 = first.length;
  const n2 = second.length;
  if (n1 === 0 || n2 === 0) return { u: 0, z: 0, pValue: 1 };
  const pooled = [
    ...first.map((value) => ({ value, second: false })),
    ...second.map((value) => ({ value, second: true })),
  ].sort((a, b) => a.value - b.value);
  const n = n1 + n2;
  let rankSumSecond = 0;
  let tieTerm = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && pooled[end]!.value === pooled[start]!.value) end++;
    const rank = (start + 1 + end) / 2; // the mean of ranks start+1..end
    for (let i = start; i < end; i++) if (pooled[i]!.second) rankSumSecond += rank;
    const tied = end - start;
    tieTerm += tied ** 3 - tied;
    start = end;
  }
  const u = rankSumSecond - (n2 * (n2 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, z: 0, pValue: 1 };
  const distance = Math.max(0, Math.abs(u - mean) - 0.5);
  const z = (Math.sign(u - mean) * distance) / Math.sqrt(variance);
  return { u, z, pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}

/** The standard normal CDF through erf (Abramowitz & Stegun 7.1.26, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Two proportions (failures of requests) by the pooled two-proportion z test, two-sided;
 * positive z when the second is higher. p = 1 when neither has any event.
 */
export function proportionTest(
  eventsFirst: number,
  totalFirst: number,
  eventsSecond: number,
  totalSecond: number,
): { z: number; pValue: number } {
  if (totalFirst === 0 || totalSecond === 0) return { z: 0, pValue: 1 };
  const pooled = (eventsFirst + eventsSecond) / (totalFirst + totalSecond);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / totalFirst + 1 / totalSecond));
  if (se === 0) return { z: 0, pValue: 1 };
  const z = (eventsSecond / totalSecond - eventsFirst / totalFirst) / se;
  return { z, pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}
