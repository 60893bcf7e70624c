import { median } from '../../stats/summary.ts';
import { pelt } from './pelt.ts';

/** One shift in a series: where the new stretch starts, and the medians either side. */
export interface Shift {
  readonly index: number;
  readonly before: number;
  readonly after: number;
}

export interface ShiftOptions {
  /** PELT's noise σ, on the scale of `fitted`. */
  readonly sigma: number;
  readonly minSegment?: number;
  /** Whether a move from `before` to `after` (medians of `values`) is worth reporting. */
  readonly matters: (before: number, after: number) => boolean;
}

/**
 * The shifts of a series: PELT on `fitted` (the series on the scale its noise is even on,
 * log for latencies; lone outliers clipped), then, of the changes found, those whose stretches' medians (of
 * `values`, in their own units) moved too little to matter are dropped one at a time, the
 * smallest first, the stretches either side joined. A real but tiny shift (one more
 * busy core on the machine) is not news.
 */
export function shifts(values: readonly number[], fitted: readonly number[], options: ShiftOptions): Shift[] {
  const starts = pelt(clipped(fitted, options.sigma), {
    sigma: options.sigma,
    ...(options.minSegment === undefined ? {} : { minSegment: options.minSegment }),
  });
  for (;;) {
    const found = describe(values, starts);
    let weakest = -1;
    let weakestSize = Number.POSITIVE_INFINITY;
    found.forEach((shift, i) => {
      if (options.matters(shift.before, shift.after)) return;
      const size = Math.abs(shift.after - shift.before);
      if (size < weakestSize) {
        weakest = i;
        weakestSize = size;
      }
    });
    if (weakest < 0) return found;
    starts.splice(weakest, 1);
  }
}

function describe(values: readonly number[], starts: readonly number[]): Shift[] {
  const edges = [0, ...starts, values.length];
  const medians = edges.slice(1).map((end, i) => median(values.slice(edges[i]!, end)));
  return starts.map((index, i) => ({ index, before: medians[i]!, after: medians[i + 1]! }));
}

/**
 * Each point held within 3 σ of the median of the five around it: PELT's squared cost would
 * give one GC pause (a second at 4× the level) the weight of a new level, but a real shift
 * moves the median with it and keeps its size.
 */
function clipped(values: readonly number[], sigma: number): number[] {
  const reach = 3 * sigma;
  return values.map((value, i) => {
    const around = median(values.slice(Math.max(0, i - 2), i + 3));
    return Math.min(around + reach, Math.max(around - reach, value));
  });
}
