import { normalizeExecutor } from './normalize-executor.ts';
import { normalizeHttp } from './normalize-http.ts';
import type { Plan, PlannedBehaviour, PlannedScenario, PlannedTask } from './plan.ts';
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
  'onStart',
  'onStop',
  'thresholds',
  'http',
  'setup',
  'teardown',
  'tags',
] as const;

const SHORTHAND_KEYS = ['vus', 'duration', 'iterations', 'stages'] as const;

/**
 * Turns what a user wrote into the plan every runner executes: defaults filled in,
 * durations in ms, every setting checked with an error that names it.
 */
export function normalizePlan(input: unknown): Plan {
  if (typeof input !== 'object' || input === null) {
    throw definitionError('test', 'the default export must be defineTest({...})');
  }
  const definition = input as TestDefinition;
  rejectUnknownKeys(definition, '', TEST_KEYS);
  const scenarios = definition.scenarios
    ? Object.entries(definition.scenarios).map(([name, scenario]) => normalizeScenario(name, scenario))
    : [normalizeScenario('default', shorthandScenario(definition))];
  if (scenarios.length === 0) throw definitionError('scenarios', 'must name at least one scenario');
  if (definition.scenarios) {
    for (const key of SHORTHAND_KEYS) {
      if (definition[key] !== undefined) throw definitionError(key, 'cannot be combined with scenarios');
    }
  }
  return {
    scenarios,
    thresholds: normalizeThresholdInput(definition.thresholds),
    http: normalizeHttp(definition.http),
    tags: stringRecord(definition.tags, 'tags'),
    setup: optionalFunction(definition.setup, 'setup'),
    teardown: optionalFunction(definition.teardown, 'teardown'),
  };
}

/** `{ vus, duration, exec }` and friends: one scenario named `default`, as k6 does. */
function shorthandScenario(definition: TestDefinition): ScenarioDefinition {
  const behaviour = {
    exec: definition.exec,
    tasks: definition.tasks,
    think: definition.think,
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
  return {
    name,
    executor: normalizeExecutor(raw, path),
    behaviour: normalizeBehaviour(raw, path),
    startTimeMs: durationMs(raw.startTime, `${path}.startTime`, 0),
    gracefulStopMs: durationMs(raw.gracefulStop, `${path}.gracefulStop`, 30_000),
    tags: stringRecord(raw.tags, `${path}.tags`),
  };
}

function normalizeBehaviour(raw: Record<string, unknown>, path: string): PlannedBehaviour {
  const exec = optionalFunction<VUFunction>(raw.exec, `${path}.exec`);
  const tasks = raw.tasks === undefined ? [] : normalizeTasks(raw.tasks, `${path}.tasks`);
  if (exec && tasks.length > 0) throw definitionError(path, 'give exec or tasks, not both');
  if (!exec && tasks.length === 0) throw definitionError(path, 'needs exec or tasks');
  return {
    exec,
    tasks,
    think: optionalFunction(raw.think, `${path}.think`),
    onStart: optionalFunction(raw.onStart, `${path}.onStart`),
    onStop: optionalFunction(raw.onStop, `${path}.onStop`),
  };
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

function normalizeThresholdInput(value: unknown): Plan['thresholds'] {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) throw definitionError('thresholds', 'must be an object');
  for (const [key, list] of Object.entries(value)) {
    if (!Array.isArray(list)) throw definitionError(`thresholds["${key}"]`, 'must be a list of expressions');
  }
  return value as Plan['thresholds'];
}
