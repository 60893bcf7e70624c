import type { ChangePoint, ResultsDocument } from '../../results/index.ts';
import { type FigureComparison, type JudgeRules, judgeName } from './judge.ts';
import { type Side, sidesOf } from './sides.ts';

/**
 * `salvo compare`'s result (`--out json=`): every run (or A/B target) against the first,
 * per request name, and the change points each run found in itself. docs/compare.md.
 */
export interface CompareReport {
  readonly schema: 'salvo/compare';
  readonly version: 1;
  readonly rules: JudgeRules;
  readonly runs: readonly RunLabel[];
  readonly comparisons: readonly Comparison[];
  readonly changePoints: readonly { readonly run: string; readonly points: readonly ChangePoint[] }[];
  /** Whether any figure of any name regressed: `salvo compare` then exits 99. */
  readonly regressed: boolean;
}

export interface RunLabel {
  readonly label: string;
  readonly test: string;
  readonly startedAt: string;
  readonly durationMs: number;
}

export interface Comparison {
  readonly baseline: string;
  readonly candidate: string;
  readonly names: readonly { readonly name: string; readonly figures: readonly FigureComparison[] }[];
  /** Request names only one side has: nothing to compare them with. */
  readonly onlyBaseline: readonly string[];
  readonly onlyCandidate: readonly string[];
}

export interface RunInput {
  readonly file: string;
  readonly doc: ResultsDocument;
}

export function compareRuns(inputs: readonly RunInput[], rules: JudgeRules): CompareReport {
  const runs: RunLabel[] = [];
  const sides: Side[] = [];
  for (const { file, doc } of inputs) {
    for (const side of sidesOf(doc, file)) {
      sides.push(side);
      runs.push({
        label: side.label,
        test: doc.meta.test,
        startedAt: doc.meta.startedAt,
        durationMs: doc.meta.durationMs,
      });
    }
  }
  const [baseline, ...candidates] = sides;
  const comparisons =
    baseline === undefined ? [] : candidates.map((candidate) => compareSides(baseline, candidate, rules));
  return {
    schema: 'salvo/compare',
    version: 1,
    rules,
    runs,
    comparisons,
    changePoints: sides
      .filter((side) => side.changePoints.length > 0)
      .map((side) => ({ run: side.label, points: side.changePoints })),
    regressed: comparisons.some((comparison) =>
      comparison.names.some((name) => name.figures.some((figure) => figure.verdict === 'regressed')),
    ),
  };
}

/** One side against the baseline, per request name both have. */
function compareSides(baseline: Side, candidate: Side, rules: JudgeRules): Comparison {
  const durations = { baselineMs: baseline.durationMs, candidateMs: candidate.durationMs };
  const names = [...baseline.names.keys()].filter((name) => candidate.names.has(name));
  // the targets of an A/B run split the iterations by a set share: their req/s say nothing
  const figures =
    baseline.target && candidate.target ? rules.figures.filter((figure) => figure !== 'rps') : rules.figures;
  return {
    baseline: baseline.label,
    candidate: candidate.label,
    names: names.map((name) => ({
      name,
      figures: judgeName(baseline.names.get(name)!, candidate.names.get(name)!, durations, rules, figures),
    })),
    onlyBaseline: [...baseline.names.keys()].filter((name) => !candidate.names.has(name)),
    onlyCandidate: [...candidate.names.keys()].filter((name) => !baseline.names.has(name)),
  };
}
