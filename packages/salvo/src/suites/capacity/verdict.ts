import type { ResultsDocument } from '../../results/index.ts';
import type { StepFigures } from '../step/index.ts';
import type { SloOutcome } from './document.ts';

/**
 * Iterations an arrival-rate step may drop (no free VU when one was due) and still count
 * as having offered its rate: beyond 1 % the service was not given the load asked for.
 */
export const MAX_DROPPED_SHARE = 0.01;

/** Each SLO expression's outcome, as the engine's threshold gate annotated the step's document. */
export function sloOutcomes(doc: ResultsDocument): SloOutcome[] {
  return Object.entries(doc.metrics).flatMap(([key, summary]) =>
    Object.entries(summary.thresholds ?? {}).map(([expression, outcome]) => ({
      key,
      expression,
      ok: outcome.ok,
      actual: outcome.actual ?? null,
    })),
  );
}

/** Whether a step held, and the reasons when not. */
export function stepVerdict(
  figures: StepFigures,
  slo: readonly SloOutcome[],
  rateRps: number,
): { holds: boolean; reasons: string[] } {
  const reasons = slo
    .filter((outcome) => !outcome.ok)
    .map(
      (outcome) =>
        `${outcome.key} ${outcome.expression} (${outcome.actual === null ? 'no data' : round(outcome.actual)})`,
    );
  const offered = (rateRps * figures.durationMs) / 1000;
  if (figures.droppedIterations > MAX_DROPPED_SHARE * offered) {
    reasons.push(`${figures.droppedIterations} iterations dropped: no free VU (raise --max-vus)`);
  }
  if (figures.generator.saturated)
    reasons.push(`generator saturated (${figures.generator.reasons.join(', ')})`);
  return { holds: reasons.length === 0, reasons };
}

const round = (value: number) => Number(value.toPrecision(4));
