import type { IntervalFigures } from '../results/index.ts';
import type { SparseHistogram } from './hdr-encoding.ts';
import {
  accumulate,
  createAccumulator,
  type FiguresAccumulator,
  resetAccumulator,
  toFigures,
} from './interval-figures.ts';
import type { SeriesSnapshot } from './types.ts';

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

  add(series: SeriesSnapshot, decoded: SparseHistogram | undefined, name: string): void {
    const target = series.tags.target;
    if (target === undefined) return;
    let names = this.#byTarget.get(target);
    if (!names) this.#byTarget.set(target, (names = new Map()));
    let acc = names.get(name);
    if (!acc) names.set(name, (acc = createAccumulator()));
    accumulate(acc, series, decoded);
    let touched = this.#touched.get(target);
    if (!touched) this.#touched.set(target, (touched = new Set()));
    touched.add(name);
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
