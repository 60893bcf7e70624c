import { Problems } from '../errors.ts';
import type { MetricDef } from '../metrics/types.ts';
import { parseThresholds } from '../thresholds/index.ts';
import { parseDuration } from './duration.ts';
import { normalizeExecutor } from './normalize-executor.ts';
import { normalizeFaultsBlock } from './normalize-faults-block.ts';
import { normalizeHttp } from './normalize-http.ts';
import { normalizeScrape } from './normalize-scrape.ts';
import { normalizeTargets } from './normalize-targets.ts';
import type { Plan, PlannedBehaviour, PlannedScenario, PlannedTask } from './plan.ts';
import { normalizeTrendStats } from './trend-stats.ts';
import type { ScenarioDefinition, TestDefinition, VUFunction } from './types.ts';
import {
  definitionError,
  durationMs,
  optionalFunction,
  rejectUnknownKeys,
  stringRecord,
  wholeNumber,
} from './validate.ts';

const TEST_KEYS = [
  'scenarios',
  'vus',
  'duration',
  'iterations',
  'stages',
  'exec',
  'tasks',
  'think',
  'sequential',
  'onStart',
  'onStop',
  'thresholds',
  'http',
  'setup',
  'teardown',
  'tags',
  'scrape',
  'faults',
  'summaryTrendStats',
  'onSummary',
  'targets',
] as const;

const SHORTHAND_KEYS = ['vus', 'duration', 'iterations', 'stages'] as const;

/**
 * Turns what a user wrote into the plan every runner executes: defaults filled in,
 * durations in ms, every setting checked with an error that names it; all the problems
 * found are thrown together. `customMetrics` are those the test file declared (thresholds
 * may name them).
 */
export function normalizePlan(input: unknown, customMetrics: readonly MetricDef[] = []): Plan {
  if (typeof input !== 'object' || input === null) {
    throw definitionError('test', 'the default export must be defineTest({...})');
  }
  const definition = input as TestDefinition;
  // every problem of the definition at once, one line each (as k6 reports them)
  const problems = new Problems();
  problems.check(() => rejectUnknownKeys(definition, '', TEST_KEYS));
  const scenarios = definition.scenarios
    ? Object.entries(definition.scenarios).map(([name, scenario]) =>
        problems.check(() => normalizeScenario(name, scenario)),
      )
    : [problems.check(() => normalizeScenario('default', shorthandScenario(definition)))];
  if (scenarios.length === 0) problems.add(definitionError('scenarios', 'must name at least one scenario'));
  if (definition.scenarios) {
    for (const key of SHORTHAND_KEYS) {
      if (definition[key] !== undefined)
        problems.add(definitionError(key, 'cannot be combined with scenarios'));
    }
  }
  const plan: Plan = {
    scenarios,
    thresholds: problems.check(() => normalizeThresholdInput(definition.thresholds, customMetrics)),
    metrics: customMetrics,
    http: problems.check(() => normalizeHttp(definition.http)),
    tags: problems.check(() => stringRecord(definition.tags, 'tags')),
    scrape: problems.check(() => normalizeScrape(definition.scrape)),
    faults: problems.check(() => normalizeFaultsBlock(definition.faults, definition.http?.baseUrl)),
    setup: problems.check(() => optionalFunction(definition.setup, 'setup')),
    teardown: problems.check(() => optionalFunction(definition.teardown, 'teardown')),
    summaryTrendStats: problems.check(() => normalizeTrendStats(definition.summaryTrendStats)),
    onSummary: problems.check(() => optionalFunction(definition.onSummary, 'onSummary')),
  };
  const targets = problems.check(() => normalizeTargets(definition.targets, definition.http?.baseUrl));
  problems.throwIfAny();
  return targets ? { ...plan, targets } : plan;
}

/** `{ vus, duration, exec }` and friends: one scenario named `default`, as k6 does. */
function shorthandScenario(definition: TestDefinition): ScenarioDefinition {
  const behaviour = {
    exec: definition.exec,
    tasks: definition.tasks,
    think: definition.think,
    sequential: definition.sequential,
    onStart: definition.onStart,
    onStop: definition.onStop,
  } as ScenarioDefinition;
  if (definition.stages) return { ...behaviour, executor: 'ramping-vus', stages: definition.stages };
  if (definition.iterations !== undefined) {
    return {
      ...behaviour,
      executor: 'shared-iterations',
      vus: definition.vus ?? 1,
      iterations: definition.iterations,
      ...(definition.duration === undefined ? {} : { maxDuration: definition.duration }),
    };
  }
  if (definition.duration === undefined) {
    throw definitionError('test', 'give scenarios, or duration (with vus), iterations or stages');
  }
  return { ...behaviour, executor: 'constant-vus', vus: definition.vus ?? 1, duration: definition.duration };
}

function normalizeScenario(name: string, input: ScenarioDefinition): PlannedScenario {
  const path = `scenarios.${name}`;
  if (typeof input !== 'object' || input === null) throw definitionError(path, 'must be an object');
  const raw = input as unknown as Record<string, unknown>;
  const problems = new Problems();
  const scenario: PlannedScenario = {
    name,
    executor: problems.check(() => normalizeExecutor(raw, path)),
    behaviour: problems.check(() => normalizeBehaviour(raw, path)),
    startTimeMs: problems.check(() => durationMs(raw.startTime, `${path}.startTime`, 0)),
    gracefulStopMs: problems.check(() => durationMs(raw.gracefulStop, `${path}.gracefulStop`, 30_000)),
    tags: problems.check(() => stringRecord(raw.tags, `${path}.tags`)),
  };
  problems.throwIfAny();
  return scenario;
}

function normalizeBehaviour(raw: Record<string, unknown>, path: string): PlannedBehaviour {
  const exec = optionalFunction<VUFunction>(raw.exec, `${path}.exec`);
  const tasks = raw.tasks === undefined ? [] : normalizeTasks(raw.tasks, `${path}.tasks`);
  if (exec && tasks.length > 0) throw definitionError(path, 'give exec or tasks, not both');
  if (!exec && tasks.length === 0) throw definitionError(path, 'needs exec or tasks');
  const sequential = normalizeSequential(raw, path, tasks);
  return {
    exec,
    tasks,
    sequential,
    think: optionalFunction(raw.think, `${path}.think`),
    onStart: optionalFunction(raw.onStart, `${path}.onStart`),
    onStop: optionalFunction(raw.onStop, `${path}.onStop`),
  };
}

/** `sequential: true` runs the tasks in the order listed (Locust's SequentialTaskSet); weights have no place there. */
function normalizeSequential(
  raw: Record<string, unknown>,
  path: string,
  tasks: readonly PlannedTask[],
): boolean {
  const { sequential } = raw;
  if (sequential === undefined || sequential === false) return false;
  if (sequential !== true) throw definitionError(`${path}.sequential`, 'must be true or false');
  if (tasks.length === 0) throw definitionError(`${path}.sequential`, 'needs tasks (it orders them)');
  const weighted = (raw.tasks as unknown[]).findIndex(
    (task) =>
      typeof task === 'object' && task !== null && (task as { weight?: unknown }).weight !== undefined,
  );
  if (weighted !== -1) {
    throw definitionError(
      `${path}.tasks[${weighted}].weight`,
      'has no meaning in a sequential list: list a task twice to run it twice',
    );
  }
  return true;
}

function normalizeTasks(value: unknown, path: string): PlannedTask[] {
  if (!Array.isArray(value) || value.length === 0) throw definitionError(path, 'must be a non-empty list');
  return value.map((task: unknown, index) => {
    const at = `${path}[${index}]`;
    if (typeof task === 'function')
      return { name: task.name || `task${index}`, weight: 1, run: task as VUFunction };
    if (typeof task !== 'object' || task === null) throw definitionError(at, 'must be a function or { run }');
    const { name, weight, run } = task as Record<string, unknown>;
    const fn = optionalFunction<VUFunction>(run, `${at}.run`);
    if (!fn) throw definitionError(`${at}.run`, 'is required');
    return {
      name: typeof name === 'string' ? name : fn.name || `task${index}`,
      weight: weight === undefined ? 1 : wholeNumber(weight, `${at}.weight`, 1),
      run: fn,
    };
  });
}

/** Checks the thresholds' shape and parses them, so a bad expression is reported with the rest. */
function normalizeThresholdInput(value: unknown, customMetrics: readonly MetricDef[]): Plan['thresholds'] {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) throw definitionError('thresholds', 'must be an object');
  const problems = new Problems();
  for (const [key, list] of Object.entries(value)) {
    if (!Array.isArray(list))
      problems.add(definitionError(`thresholds["${key}"]`, 'must be a list of expressions'));
  }
  problems.throwIfAny();
  const thresholds = value as Plan['thresholds'];
  parseThresholds(thresholds, (input) => parseDuration(input, 'delayAbortEval'), customMetrics);
  return thresholds;
}
