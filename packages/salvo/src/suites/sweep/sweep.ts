import type { ResultsDocument } from '../../results/index.ts';
import { requestNames, type StepFigures, SuiteRun, stepFigures } from '../step/index.ts';
import { suiteMeta } from '../suite-meta.ts';
import {
  fileStepSource,
  requestLabel,
  type StepHttp,
  type StepShape,
  type SuiteTarget,
  urlStepSource,
} from '../target.ts';
import { analyseEndpoint } from './analyse.ts';
import { SWEEP_SCHEMA, SWEEP_VERSION, type SweepDocument, type SweepLevel } from './document.ts';

export const DEFAULT_SWEEP_LEVELS = [1, 5, 10, 20, 50, 100, 200] as const;

export interface SweepSettings {
  readonly target: SuiteTarget;
  readonly levels: readonly number[];
  readonly model: 'closed' | 'open';
  readonly levelDurationMs: number;
  /** A run of this long at each level before the measured one, its results discarded (0: none). */
  readonly warmupMs: number;
  readonly http: StepHttp;
  readonly workers: number | 'auto';
  /** Told each level's figures as they come (the terminal's line per level). */
  readonly onLevel?: (endpoint: string, level: SweepLevel) => void;
}

/** The name a test file's whole run goes by beside its request names. */
export const ALL_REQUESTS = 'all';

/**
 * `salvo sweep`: each endpoint at each level, a warm-up then a measured run on the engine,
 * then per endpoint the knee and the USL fit (docs/suites.md).
 *
 * @example
 * const doc = await runSweep({ target: { kind: 'urls', requests }, levels: [1, 5, 10], model: 'closed', ... });
 */
export async function runSweep(settings: SweepSettings): Promise<SweepDocument> {
  const startedAtMs = Date.now();
  const suite = new SuiteRun(settings.workers);
  const collected = new Map<string, SweepLevel[]>();
  const keep = (name: string, level: SweepLevel) => {
    collected.set(name, [...(collected.get(name) ?? []), level]);
    settings.onLevel?.(name, level);
  };
  try {
    if (settings.target.kind === 'urls') {
      for (const request of settings.target.requests) {
        const name = requestLabel(request);
        for (const level of settings.levels) {
          if (suite.stopped) break;
          const doc = await measured(
            suite,
            settings,
            (shape) => urlStepSource(request, shape, settings.http),
            level,
            request.url,
          );
          if (doc) keep(name, withLevel(level, stepFigures(doc)));
        }
      }
    } else {
      const { path, env } = settings.target;
      for (const level of settings.levels) {
        if (suite.stopped) break;
        const doc = await measured(
          suite,
          settings,
          (shape) => fileStepSource(path, shape, settings.http, env ? { env } : {}),
          level,
          path,
        );
        if (!doc) continue;
        keep(ALL_REQUESTS, withLevel(level, stepFigures(doc)));
        for (const name of requestNames(doc)) keep(name, withLevel(level, stepFigures(doc, name)));
      }
    }
  } finally {
    suite.close();
  }
  const test =
    settings.target.kind === 'urls'
      ? settings.target.requests.map((r) => r.url).join(' ')
      : settings.target.path;
  return {
    schema: SWEEP_SCHEMA,
    version: SWEEP_VERSION,
    meta: {
      ...suiteMeta(test, startedAtMs, suite.ending),
      model: settings.model,
      levels: [...settings.levels],
      levelDurationMs: settings.levelDurationMs,
      warmupMs: settings.warmupMs,
    },
    endpoints: [...collected].map(([name, levels]) => analyseEndpoint(name, levels, settings.model)),
  };
}

/** The warm-up (discarded) then the measured step; undefined when the suite stopped (Ctrl-C, a step that could not start). */
async function measured(
  suite: SuiteRun,
  settings: SweepSettings,
  source: (shape: StepShape) => Parameters<SuiteRun['step']>[0]['source'],
  level: number,
  label: string,
): Promise<ResultsDocument | undefined> {
  const shape = (durationMs: number): StepShape => ({ model: settings.model, level, durationMs });
  if (settings.warmupMs > 0) {
    await suite.step({ source: source(shape(settings.warmupMs)), label });
    if (suite.stopped) return undefined;
  }
  return suite.step({ source: source(shape(settings.levelDurationMs)), label });
}

function withLevel(level: number, figures: StepFigures): SweepLevel {
  return { level, ...figures };
}
