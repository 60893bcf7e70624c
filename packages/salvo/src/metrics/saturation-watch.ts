import {
  type GeneratorPeak,
  type GeneratorSection,
  type SaturatedStretch,
  type SaturationReason,
  worstLoad,
} from '../results/index.ts';
import { SATURATION_LIMITS, saturationReasons } from './generator-load.ts';
import type { GeneratorLoad } from './types.ts';

/** One runner's reading for one interval, times in ms from the run's start. */
export interface LoadReading {
  readonly index: number;
  readonly fromMs: number;
  readonly toMs: number;
  readonly load: GeneratorLoad;
}

interface Judged extends LoadReading {
  readonly reasons: readonly SaturationReason[];
}

/** Ratios to the thousandth, times to the µs: the precision the readings have. */
const round3 = (value: number) => Math.round(value * 1000) / 1000;

function peakOf(load: GeneratorLoad): GeneratorPeak {
  return {
    elu: round3(load.elu),
    cpu: round3(load.cpu),
    eventLoopDelayP99Ms: round3(load.eventLoopDelayP99Ms),
    eventLoopDelayMaxMs: round3(load.eventLoopDelayMaxMs),
    ...(load.cpuWait === undefined ? {} : { cpuWait: round3(load.cpuWait) }),
  };
}

/**
 * Watches every runner's load interval by interval and finds where the generator itself
 * was the bottleneck: a runner at a saturation limit for `consecutiveIntervals` in a row.
 */
export class SaturationWatch {
  readonly #byRunner = new Map<string, Map<number, Judged>>();

  /** One runner's interval (a full one: a reading over a few ms says nothing). */
  add(runnerId: string, reading: LoadReading): void {
    let readings = this.#byRunner.get(runnerId);
    if (!readings) this.#byRunner.set(runnerId, (readings = new Map()));
    readings.set(reading.index, { ...reading, reasons: saturationReasons(reading.load) });
  }

  /** The runners saturated as of interval `index`: at a limit there and in the intervals just before. */
  saturatedAt(index: number): string[] {
    const saturated: string[] = [];
    for (const [runnerId, readings] of this.#byRunner) {
      let run = 0;
      while (run < SATURATION_LIMITS.consecutiveIntervals && readings.get(index - run)?.reasons.length) run++;
      if (run === SATURATION_LIMITS.consecutiveIntervals) saturated.push(runnerId);
    }
    return saturated;
  }

  /** The results' `generator` section: each runner's worst interval and its saturated stretches. */
  section(): GeneratorSection {
    const runners: Record<string, GeneratorPeak> = {};
    const saturated: SaturatedStretch[] = [];
    for (const [runnerId, readings] of this.#byRunner) {
      const ordered = [...readings.values()].sort((a, b) => a.index - b.index);
      const worst = worstLoad(ordered.map((reading) => reading.load));
      if (worst) runners[runnerId] = peakOf(worst);
      saturated.push(...stretches(runnerId, ordered));
    }
    saturated.sort((a, b) => a.fromMs - b.fromMs || (a.runner < b.runner ? -1 : 1));
    return { limits: { ...SATURATION_LIMITS }, runners, saturated };
  }
}

/** Runs of consecutive intervals at a limit, long enough to count. */
function stretches(runner: string, ordered: readonly Judged[]): SaturatedStretch[] {
  const found: SaturatedStretch[] = [];
  let run: Judged[] = [];
  const close = () => {
    if (run.length >= SATURATION_LIMITS.consecutiveIntervals) {
      const reasons = new Set(run.flatMap((reading) => reading.reasons));
      found.push({
        runner,
        fromMs: run[0]!.fromMs,
        toMs: run[run.length - 1]!.toMs,
        reasons: (['elu', 'cpu', 'cpu_wait', 'event_loop_delay'] as const).filter((reason) =>
          reasons.has(reason),
        ),
        peak: peakOf(worstLoad(run.map((reading) => reading.load))!),
      });
    }
    run = [];
  };
  for (const reading of ordered) {
    const follows = run.length > 0 && run[run.length - 1]!.index === reading.index - 1;
    if (reading.reasons.length === 0 || !follows) close();
    if (reading.reasons.length > 0) run.push(reading);
  }
  close();
  return found;
}
