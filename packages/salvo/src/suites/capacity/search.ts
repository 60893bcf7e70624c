/**
 * The search for the highest arrival rate that holds an SLO, as pure logic over a probe
 * (the suite's probe runs a step on the engine; the tests pass a function of the rate):
 * 1. ramp: the start rate, then each step `factor` times the last, up to `maxRps`, until a
 *    step fails: the last step that held and the first that failed bracket the answer;
 * 2. bisect: the middle of the bracket, until its width is at most `precision` of its
 *    lower end. The answer is the lower end: the highest rate seen to hold.
 * A step whose generator saturated stops the search: beyond it Salvo measures itself.
 */

export interface SearchSettings {
  readonly startRps: number;
  readonly factor: number;
  readonly maxRps: number;
  /** Stop bisecting when (high − low) / low is at most this. */
  readonly precision: number;
}

export interface ProbeVerdict {
  readonly holds: boolean;
  readonly generatorSaturated: boolean;
}

/** Why the search ended (docs/suites.md). */
export type SearchEnd =
  | 'narrowed'
  | 'max_rate_held'
  | 'first_step_failed'
  | 'generator_saturated'
  | 'interrupted';

export interface SearchOutcome {
  /** The highest rate that held; null when none did. */
  readonly sustainableRps: number | null;
  /** The lowest rate that failed; null when none did. */
  readonly failedRps: number | null;
  readonly end: SearchEnd;
}

/** Rates to three significant digits: steps a reader can compare (57.5, not 57.49999). */
const round3 = (rate: number) => Number(rate.toPrecision(3));

/**
 * @example
 * await searchCapacity({ startRps: 10, factor: 2, maxRps: 1000, precision: 0.05 }, async (rate) => ({ holds: rate <= 60, generatorSaturated: false }));
 * // { sustainableRps: 58.8, failedRps: 60.6, end: 'narrowed' } or so
 */
export async function searchCapacity(
  settings: SearchSettings,
  probe: (rateRps: number, phase: 'ramp' | 'bisect') => Promise<ProbeVerdict | undefined>,
): Promise<SearchOutcome> {
  let low: number | null = null;
  let high: number | null = null;
  const outcome = (end: SearchEnd): SearchOutcome => ({ sustainableRps: low, failedRps: high, end });
  for (let rate = settings.startRps; high === null; ) {
    const verdict = await probe(rate, 'ramp');
    if (verdict === undefined) return outcome('interrupted');
    if (verdict.generatorSaturated) return outcome('generator_saturated');
    if (!verdict.holds) high = rate;
    else {
      low = rate;
      if (rate >= settings.maxRps) return outcome('max_rate_held');
      rate = Math.min(settings.maxRps, round3(rate * settings.factor));
    }
  }
  if (low === null) return outcome('first_step_failed');
  while ((high - low) / low > settings.precision) {
    const rate = round3((low + high) / 2);
    if (rate <= low || rate >= high) break;
    const verdict = await probe(rate, 'bisect');
    if (verdict === undefined) return outcome('interrupted');
    if (verdict.generatorSaturated) return outcome('generator_saturated');
    if (verdict.holds) low = rate;
    else high = rate;
  }
  return outcome('narrowed');
}
