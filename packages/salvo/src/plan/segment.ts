/**
 * A share of the plan that one runner executes: part `index` of `count` equal parts.
 * Counts are divided so that the parts of a split add up exactly to the whole: part i of
 * n gets floor((i+1)·v/n) − floor(i·v/n) of any whole v (VUs, iterations, a VU target at
 * any instant); arrival-rate iterations are striped, iteration k going to part k mod n.
 */
export interface Segment {
  readonly index: number;
  readonly count: number;
}

export const WHOLE: Segment = { index: 0, count: 1 };

export function shareOf(segment: Segment, whole: number): number {
  const { index, count } = segment;
  return Math.floor(((index + 1) * whole) / count) - Math.floor((index * whole) / count);
}

/** Whether global iteration `k` of an arrival-rate scenario belongs to this segment. */
export function ownsIteration(segment: Segment, k: number): boolean {
  return k % segment.count === segment.index;
}

/**
 * The global id (1-based, unique across all runners) of this runner's `localIndex`-th VU
 * (0-based), so ids never collide between threads or machines.
 */
export function globalVuId(segment: Segment, localIndex: number): number {
  return localIndex * segment.count + segment.index + 1;
}

/** As the results document writes it: "0:1/2" is the first half. */
export function formatSegment(segment: Segment): string {
  const { index, count } = segment;
  if (count === 1) return '0:1';
  const from = index === 0 ? '0' : `${index}/${count}`;
  const to = index + 1 === count ? '1' : `${index + 1}/${count}`;
  return `${from}:${to}`;
}
