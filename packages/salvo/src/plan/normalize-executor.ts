import { Problems } from '../errors.ts';
import type { PlannedExecutor, PlannedStage } from './plan.ts';
import type { ExecutorName } from './types.ts';
import { definitionError, durationMs, positiveNumber, rejectUnknownKeys, wholeNumber } from './validate.ts';

export const EXECUTOR_NAMES = [
  'constant-vus',
  'ramping-vus',
  'per-vu-iterations',
  'shared-iterations',
  'constant-arrival-rate',
  'ramping-arrival-rate',
] as const satisfies readonly ExecutorName[];

/** Keys each executor accepts, beside the behaviour's keys. */
const EXECUTOR_KEYS: Record<ExecutorName, readonly string[]> = {
  'constant-vus': ['vus', 'duration'],
  'ramping-vus': ['startVUs', 'stages', 'gracefulRampDown'],
  'per-vu-iterations': ['vus', 'iterations', 'maxDuration'],
  'shared-iterations': ['vus', 'iterations', 'maxDuration'],
  'constant-arrival-rate': ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs'],
  'ramping-arrival-rate': ['startRate', 'timeUnit', 'stages', 'preAllocatedVUs', 'maxVUs'],
};

export const BEHAVIOUR_KEYS = [
  'executor',
  'exec',
  'tasks',
  'think',
  'sequential',
  'onStart',
  'onStop',
  'startTime',
  'gracefulStop',
  'tags',
] as const;

const DEFAULT_MAX_DURATION_MS = 10 * 60_000;

export function normalizeExecutor(input: Record<string, unknown>, path: string): PlannedExecutor {
  const type = input.executor;
  if (typeof type !== 'string' || !(EXECUTOR_NAMES as readonly string[]).includes(type)) {
    throw definitionError(`${path}.executor`, `must be one of ${EXECUTOR_NAMES.join(', ')}`);
  }
  const name = type as ExecutorName;
  // each setting is checked on its own, so every bad one is reported at once
  const problems = new Problems();
  problems.check(() => rejectUnknownKeys(input, path, [...BEHAVIOUR_KEYS, ...EXECUTOR_KEYS[name]]));
  const executor = executorSettings(name, input, path, (run) => problems.check(run));
  problems.throwIfAny();
  return executor;
}

type Check = <T>(run: () => T) => T;

function executorSettings(
  name: ExecutorName,
  input: Record<string, unknown>,
  path: string,
  check: Check,
): PlannedExecutor {
  const at = (key: string) => `${path}.${key}`;
  switch (name) {
    case 'constant-vus':
      return {
        type: name,
        vus: check(() => wholeNumber(input.vus, at('vus'), 1)),
        durationMs: check(() => durationMs(input.duration, at('duration'))),
      };
    case 'ramping-vus':
      return {
        type: name,
        startVUs: check(() =>
          input.startVUs === undefined ? 0 : wholeNumber(input.startVUs, at('startVUs'), 0),
        ),
        stages: check(() => stages(input.stages, at('stages'), true)),
        gracefulRampDownMs: check(() => durationMs(input.gracefulRampDown, at('gracefulRampDown'), 30_000)),
      };
    case 'per-vu-iterations':
    case 'shared-iterations':
      return {
        type: name,
        vus: check(() => wholeNumber(input.vus, at('vus'), 1)),
        iterations: check(() => wholeNumber(input.iterations, at('iterations'), 1)),
        maxDurationMs: check(() => durationMs(input.maxDuration, at('maxDuration'), DEFAULT_MAX_DURATION_MS)),
      };
    case 'constant-arrival-rate': {
      const preAllocatedVUs = check(() => wholeNumber(input.preAllocatedVUs, at('preAllocatedVUs'), 1));
      return {
        type: name,
        rate: check(() => positiveRate(input.rate, at('rate'))),
        timeUnitMs: check(() => timeUnit(input.timeUnit, at('timeUnit'))),
        durationMs: check(() => durationMs(input.duration, at('duration'))),
        preAllocatedVUs,
        maxVUs: check(() => maxVUs(input.maxVUs, at('maxVUs'), preAllocatedVUs)),
      };
    }
    case 'ramping-arrival-rate': {
      const preAllocatedVUs = check(() => wholeNumber(input.preAllocatedVUs, at('preAllocatedVUs'), 1));
      return {
        type: name,
        startRate: check(() =>
          input.startRate === undefined ? 0 : positiveNumber(input.startRate, at('startRate')),
        ),
        timeUnitMs: check(() => timeUnit(input.timeUnit, at('timeUnit'))),
        stages: check(() => stages(input.stages, at('stages'), false)),
        preAllocatedVUs,
        maxVUs: check(() => maxVUs(input.maxVUs, at('maxVUs'), preAllocatedVUs)),
      };
    }
  }
}

function positiveRate(value: unknown, path: string): number {
  const rate = positiveNumber(value, path);
  if (rate === 0) throw definitionError(path, 'must be greater than 0');
  return rate;
}

function timeUnit(value: unknown, path: string): number {
  const ms = durationMs(value, path, 1000);
  if (ms <= 0) throw definitionError(path, 'must be longer than 0');
  return ms;
}

function maxVUs(value: unknown, path: string, preAllocated: number): number {
  if (value === undefined) return preAllocated;
  const max = wholeNumber(value, path, 1);
  if (max < preAllocated) throw definitionError(path, `must be >= preAllocatedVUs (${preAllocated})`);
  return max;
}

function stages(value: unknown, path: string, wholeTargets: boolean): PlannedStage[] {
  if (!Array.isArray(value) || value.length === 0) throw definitionError(path, 'must be a non-empty list');
  return value.map((stage: unknown, index) => {
    const at = `${path}[${index}]`;
    if (typeof stage !== 'object' || stage === null)
      throw definitionError(at, 'must be { duration, target }');
    const { duration, target } = stage as Record<string, unknown>;
    return {
      durationMs: durationMs(duration, `${at}.duration`),
      target: wholeTargets ? wholeNumber(target, `${at}.target`, 0) : positiveNumber(target, `${at}.target`),
    };
  });
}
