import type { IntervalFigures } from '../results/index.ts';
import type { BucketCounts } from './bucket-counts.ts';
import {
  accumulate,
  accumulateHistogram,
  createAccumulator,
  type FiguresAccumulator,
  resetAccumulator,
  toFigures,
} from './interval-figures.ts';
import type { SeriesSnapshot, Tags } from './types.ts';

/**
 * A/B runs (docs/ab.md): one interval's figures per target and request name, beside the
 * per-name ones, for the results' `series.byTarget`. Series without a `target` tag pass
 * through untouched, so a run without targets pays one property read per series.
 */
export class TargetFigures {
  readonly #byTarget = new Map<string, Map<string, FiguresAccumulator>>();
  readonly #touched = new Map<string, Set<string>>();

  reset(): void {
    for (const names of this.#byTarget.values()) for (const acc of names.values()) resetAccumulator(acc);
    this.#touched.clear();
  }

  add(series: SeriesSnapshot, name: string): void {
    const acc = this.#accumulator(series.tags, name);
    if (acc) accumulate(acc, series);
  }

  /** A series' interval histogram, merged over the runners. */
  addHistogram(
    series: { readonly metric: string; readonly tags: Tags },
    counts: BucketCounts,
    name: string,
  ): void {
    const acc = this.#accumulator(series.tags, name);
    if (acc) accumulateHistogram(acc, series.metric, counts);
  }

  #accumulator(tags: Tags, name: string): FiguresAccumulator | undefined {
    const target = tags.target;
    if (target === undefined) return undefined;
    let names = this.#byTarget.get(target);
    if (!names) this.#byTarget.set(target, (names = new Map()));
    let acc = names.get(name);
    if (!acc) names.set(name, (acc = createAccumulator()));
    let touched = this.#touched.get(target);
    if (!touched) this.#touched.set(target, (touched = new Set()));
    touched.add(name);
    return acc;
  }

  /** The interval's figures by target, then name; undefined when no series had a target. */
  view(): Record<string, Record<string, IntervalFigures>> | undefined {
    if (this.#touched.size === 0) return undefined;
    const view: Record<string, Record<string, IntervalFigures>> = Object.create(null);
    for (const [target, names] of this.#touched) {
      const figures: Record<string, IntervalFigures> = Object.create(null);
      for (const name of names) figures[name] = toFigures(this.#byTarget.get(target)!.get(name)!);
      view[target] = figures;
    }
    return view;
  }
}
