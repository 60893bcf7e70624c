import { SuiteRun, stepFigures } from '../step/index.ts';
import { suiteMeta } from '../suite-meta.ts';
import { fileStepSource, type StepHttp, type StepShape, type SuiteTarget, urlStepSource } from '../target.ts';
import { CAPACITY_SCHEMA, CAPACITY_VERSION, type CapacityDocument, type CapacityStep } from './document.ts';
import { type SearchSettings, searchCapacity } from './search.ts';
import { sloOutcomes, stepVerdict } from './verdict.ts';

export interface CapacitySettings extends SearchSettings {
  /** One --url request (the rate is of it), or a test file's shorthand behaviour. */
  readonly target: SuiteTarget;
  /** Thresholds every step is judged by (sloThresholds). */
  readonly slo: Readonly<Record<string, readonly string[]>>;
  readonly stepDurationMs: number;
  /** A run of this long at the step's rate before the judged one, its results discarded (0: none). */
  readonly warmupMs: number;
  readonly http: StepHttp;
  readonly workers: number | 'auto';
  readonly onStep?: (step: CapacityStep) => void;
}

/**
 * `salvo capacity`: the highest arrival rate at which the SLO holds, by a ramp then a
 * bisection (search.ts), each step an open-model run on the engine judged by the SLO as
 * thresholds (docs/suites.md).
 */
export async function runCapacity(settings: CapacitySettings): Promise<CapacityDocument> {
  const startedAtMs = Date.now();
  const suite = new SuiteRun(settings.workers);
  const steps: CapacityStep[] = [];
  const { target } = settings;
  const source = (shape: StepShape) => {
    const overrides = { thresholds: settings.slo };
    if (target.kind === 'file')
      return fileStepSource(target.path, shape, settings.http, {
        ...overrides,
        ...(target.env ? { env: target.env } : {}),
      });
    const quick = urlStepSource(target.requests[0]!, shape, settings.http);
    return { ...quick, overrides: { ...quick.overrides, ...overrides } };
  };
  const label = target.kind === 'file' ? target.path : target.requests[0]!.url;
  const outcome = await (async () => {
    try {
      return await searchCapacity(settings, async (rateRps, phase) => {
        const shape = (durationMs: number): StepShape => ({ model: 'open', level: rateRps, durationMs });
        if (settings.warmupMs > 0) await suite.step({ source: source(shape(settings.warmupMs)), label });
        if (suite.stopped) return undefined;
        const doc = await suite.step({ source: source(shape(settings.stepDurationMs)), label });
        if (doc === undefined) return undefined;
        const figures = stepFigures(doc);
        const slo = sloOutcomes(doc);
        const step: CapacityStep = { rateRps, phase, ...figures, slo, ...stepVerdict(figures, slo, rateRps) };
        steps.push(step);
        settings.onStep?.(step);
        // a step Ctrl-C cut short is kept as evidence but decides nothing
        return suite.stopped
          ? undefined
          : { holds: step.holds, generatorSaturated: figures.generator.saturated };
      });
    } finally {
      suite.close();
    }
  })();
  return {
    schema: CAPACITY_SCHEMA,
    version: CAPACITY_VERSION,
    meta: {
      ...suiteMeta(label, startedAtMs, suite.ending),
      slo: Object.fromEntries(Object.entries(settings.slo).map(([key, list]) => [key, [...list]])),
      stepDurationMs: settings.stepDurationMs,
      warmupMs: settings.warmupMs,
      startRps: settings.startRps,
      factor: settings.factor,
      maxRps: settings.maxRps,
      precision: settings.precision,
    },
    ...outcome,
    steps,
  };
}
