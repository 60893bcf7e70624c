/**
 * A share of the plan that one runner executes: the fraction [from/of, to/of) of it, as
 * k6's execution segments. The bounds are exact fractions, so the segments of a split add
 * up exactly to the whole however they are weighted, and a share can be split again (a
 * lost runner's share handed to the others) without rounding anything away:
 *
 * - whole numbers (VUs, iterations, a VU target at any instant): [a, b) gets
 *   floor(b·v) − floor(a·v) of v;
 * - arrival-rate iterations and VU ids are striped: global number k belongs to the segment
 *   that holds the k-th point of a golden-ratio sequence in [0, 1) (a Weyl sequence), so
 *   every segment gets its fraction of the starts, spread evenly over time, and each start
 *   belongs to exactly one segment of any split.
 */
export interface Segment {
  readonly from: number;
  readonly to: number;
  /** The denominator of both bounds. */
  readonly of: number;
}

export const WHOLE: Segment = { from: 0, to: 1, of: 1 };

/** `count` equal parts: [i/count, (i+1)/count). */
export function equalSegments(count: number): Segment[] {
  return Array.from({ length: count }, (_, index) => reduced(index, index + 1, count));
}

/** Consecutive parts of [0, 1) in proportion to `weights` (whole numbers > 0: capacities). */
export function weightedSegments(weights: readonly number[]): Segment[] {
  return splitSegment(WHOLE, weights);
}

/** `segment` cut into consecutive parts in proportion to `weights` (whole numbers > 0). */
export function splitSegment(segment: Segment, weights: readonly number[]): Segment[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (weights.some((weight) => !Number.isInteger(weight) || weight <= 0)) {
    throw new RangeError(`segment weights must be whole numbers > 0, got ${weights.join(', ')}`);
  }
  // a + (b − a)·W_i/W over the common denominator of·W
  const of = segment.of * total;
  const width = segment.to - segment.from;
  let before = 0;
  return weights.map((weight) => {
    const from = segment.from * total + width * before;
    before += weight;
    return reduced(from, segment.from * total + width * before, of);
  });
}

/** This segment's part of a whole number `whole`: floor(b·v) − floor(a·v), exactly. */
export function shareOf(segment: Segment, whole: number): number {
  if (segment.from === 0 && segment.to === segment.of) return whole;
  const v = BigInt(whole);
  const of = BigInt(segment.of);
  return Number((BigInt(segment.to) * v) / of - (BigInt(segment.from) * v) / of);
}

/** 2^32 / φ, odd: the step of the Weyl sequence that stripes iterations and VU ids. */
const GOLDEN_STEP = 0x9e3779b9;
const POINTS = 2 ** 32;

/** The segment's bounds on the sequence's 32-bit points: [low, high). */
function pointBounds(segment: Segment): { low: number; high: number } {
  const scale = (numerator: number) => Number((BigInt(numerator) * BigInt(POINTS)) / BigInt(segment.of));
  return { low: scale(segment.from), high: scale(segment.to) };
}

/** The k-th point of the sequence, 0 ≤ point < 2^32 (k taken modulo 2^32). */
function point(k: number): number {
  return Math.imul(k, GOLDEN_STEP) >>> 0;
}

/**
 * Whether global iteration `k` of an arrival-rate scenario belongs to the segment: made
 * once per scenario, called once per planned start (two compares).
 */
export function iterationOwner(segment: Segment): (k: number) => boolean {
  const { low, high } = pointBounds(segment);
  if (low === 0 && high === POINTS) return () => true;
  return (k) => {
    const at = point(k);
    return at >= low && at < high;
  };
}

/**
 * The global VU ids (1-based) of a runner's VUs, in the order it creates them: the
 * numbers its segment owns on the same striping as the iterations. Ids never collide
 * between the segments of a split; a share that takes over a lost runner's share reuses
 * the lost runner's ids (its VUs stand in for those).
 */
export function vuIds(segment: Segment): () => number {
  const owns = iterationOwner(segment);
  let k = 0;
  return () => {
    while (!owns(k)) k++;
    return ++k;
  };
}

/** As the results document writes it: "0:1/2" is the first half, "0:1" the whole. */
export function formatSegment(segment: Segment): string {
  return `${fraction(segment.from, segment.of)}:${fraction(segment.to, segment.of)}`;
}

/** Reads what formatSegment writes ("1/3:2/3", "0:1"); undefined when it is not one. */
export function parseSegment(text: string): Segment | undefined {
  const match = /^(\d+)(?:\/(\d+))?:(\d+)(?:\/(\d+))?$/.exec(text);
  if (!match) return undefined;
  const [fromN, fromD, toN, toD] = [match[1], match[2] ?? '1', match[3], match[4] ?? '1'].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  if (fromD === 0 || toD === 0) return undefined;
  const of = fromD * toD;
  const segment = reduced(fromN * toD, toN * fromD, of);
  return segment.from < segment.to && segment.to <= segment.of ? segment : undefined;
}

function fraction(numerator: number, denominator: number): string {
  if (numerator === 0) return '0';
  if (numerator === denominator) return '1';
  const divisor = gcd(numerator, denominator);
  return `${numerator / divisor}/${denominator / divisor}`;
}

function reduced(from: number, to: number, of: number): Segment {
  const divisor = gcd(gcd(from, to), of);
  return { from: from / divisor, to: to / divisor, of: of / divisor };
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return Math.abs(a);
}
