import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SalvoError } from '../errors.ts';
import { setFeedBaseDir } from '../feed/index.ts';
import { declaredMetrics } from '../metrics/custom.ts';
import { parseDuration } from '../plan/duration.ts';
import { normalizePlan } from '../plan/normalize.ts';
import type { Plan } from '../plan/plan.ts';
import type { Behaviour, Stage, TestDefinition } from '../plan/types.ts';
import { type UsersRamp, usersRampStages } from '../plan/users-ramp.ts';
import { resolveSalvoToItself } from './own-package.ts';
import { type QuickTestOptions, quickTest } from './quick-test.ts';

/**
 * Where a plan comes from; plain data, so it crosses to worker threads and machines, and
 * each thread loads the same plan from it (the command line's settings included).
 */
export type PlanSource =
  | { readonly kind: 'file'; readonly path: string; readonly overrides: PlanOverrides }
  | { readonly kind: 'quick'; readonly options: QuickTestOptions; readonly overrides?: PlanOverrides };

/** Command-line settings that replace or add to the test's own. */
export interface PlanOverrides {
  // the load's shape: only for a test without `scenarios`
  readonly vus?: number;
  readonly duration?: string;
  readonly iterations?: number;
  readonly stages?: readonly Stage[];
  readonly users?: UsersRamp;
  // HTTP defaults
  readonly transport?: 'auto' | 'lean' | 'undici';
  readonly insecureSkipTLSVerify?: boolean;
  readonly timeout?: string;
  readonly pipelining?: number;
  readonly http2?: boolean | 'h2c';
  /** Added to the test's `tags` (these win). */
  readonly tags?: Readonly<Record<string, string>>;
  /** Put in `process.env` before the test file is imported, in every thread (`-e`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Thresholds are checked for syntax, then left out: nothing evaluates them. */
  readonly noThresholds?: boolean;
  /** `--scrape URL`: Prometheus endpoints added to the test's `scrape` list. */
  readonly scrape?: readonly string[];
  /** Every request's head (and with 'full' its body) on stderr: read by the runners (run/http-factory.ts). */
  readonly httpDebug?: 'headers' | 'full';
  /** `--no-summary`: the test's `onSummary` is not called either (as k6's flag skips handleSummary). */
  readonly noSummary?: boolean;
  /** Replaces the test's `summaryTrendStats` (checked by the command line). */
  readonly summaryTrendStats?: readonly string[];
  /** Replaces the test's thresholds (the suites' SLO: `salvo capacity --slo`). */
  readonly thresholds?: Readonly<Record<string, readonly string[]>>;
  /**
   * Requests (iterations) a second: the test's shorthand behaviour becomes one
   * constant-arrival-rate scenario over `duration`, `vus` pre-allocated, up to `maxVUs`
   * (the suites' open model: `salvo sweep --model open`, `salvo capacity`).
   */
  readonly rate?: number;
  readonly maxVUs?: number;
  /** `--ab B_URL[:SHARE]`: the test's `targets` B and share (A stays the test's, or its baseUrl). */
  readonly ab?: { readonly url: string; readonly share: number };
}

export async function loadPlan(source: PlanSource): Promise<Plan> {
  const overrides = source.overrides ?? {};
  // before the import: a test file reads process.env at its top level
  if (overrides.env) Object.assign(process.env, overrides.env);
  const definition = source.kind === 'quick' ? quickTest(source.options) : await importTest(source.path);
  // a quick run's requests go to its --url: that URL's origin is A
  const baseA = source.kind === 'quick' ? new URL(source.options.url).origin : undefined;
  const plan = normalizePlan(applyOverrides(definition, overrides, baseA), declaredMetrics());
  const kept = overrides.noSummary ? { ...plan, onSummary: undefined } : plan;
  return overrides.noThresholds ? { ...kept, thresholds: {} } : kept;
}

/** Imports the user's test file; any failure becomes one line that says what and where. */
async function importTest(path: string): Promise<TestDefinition> {
  const absolute = resolve(path);
  const shown = relative(process.cwd(), absolute) || path;
  if (!existsSync(absolute)) throw new SalvoError('SALVO_ERR_TEST_FILE', `test file not found: ${shown}`);
  let module: { default?: unknown };
  resolveSalvoToItself();
  setFeedBaseDir(dirname(absolute));
  try {
    module = await import(pathToFileURL(absolute).href);
  } catch (error) {
    // a definition Salvo refused while the file ran (a custom metric's name) keeps its code
    if (error instanceof SalvoError) throw new SalvoError(error.code, `${shown}: ${error.message}`);
    throw new SalvoError(
      'SALVO_ERR_TEST_FILE',
      `${shown}: ${loadErrorLine(error, absolute)}`,
      loadHint(error),
    );
  }
  if (typeof module.default !== 'object' || module.default === null) {
    throw new SalvoError(
      'SALVO_ERR_TEST_DEFINITION',
      `${shown}: no test found`,
      'the file must `export default defineTest({...})`',
    );
  }
  return module.default as TestDefinition;
}

/** The error's message with the line it points at in the test file, when the stack says. */
function loadErrorLine(error: unknown, absolute: string): string {
  if (!(error instanceof Error)) return String(error);
  const stack = error.stack ?? '';
  const line = new RegExp(`${escapeRegExp(absolute)}:(\\d+)`).exec(stack)?.[1];
  const message = error.message.split('\n')[0] ?? error.name;
  return line ? `line ${line}: ${error.name}: ${message}` : `${error.name}: ${message}`;
}

/**
 * The fix for the load error a new project meets first: under `"type": "commonjs"` (what
 * `npm init -y` writes) Node reads a .ts or .js file as CommonJS, so its `import` fails.
 */
function loadHint(error: unknown): string | undefined {
  return error instanceof SyntaxError &&
    error.message.includes('Cannot use import statement outside a module')
    ? 'set "type": "module" in package.json, or name the file .mts'
    : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function applyOverrides(
  definition: TestDefinition,
  overrides: PlanOverrides,
  baseA: string | undefined,
): TestDefinition {
  const result: TestDefinition = { ...definition, http: { ...definition.http } };
  applyShape(result, overrides);
  if (overrides.transport) result.http!.transport = overrides.transport;
  if (overrides.insecureSkipTLSVerify) result.http!.insecureSkipTLSVerify = true;
  if (overrides.timeout !== undefined) result.http!.timeout = overrides.timeout;
  if (overrides.pipelining !== undefined) result.http!.pipelining = overrides.pipelining;
  if (overrides.http2) result.http!.http2 = overrides.http2;
  if (overrides.tags) result.tags = { ...definition.tags, ...overrides.tags };
  // a `scrape` that is not a list is left for normalizeScrape to report
  if (overrides.scrape && (definition.scrape === undefined || Array.isArray(definition.scrape)))
    result.scrape = [...(definition.scrape ?? []), ...overrides.scrape];
  if (overrides.summaryTrendStats) result.summaryTrendStats = overrides.summaryTrendStats;
  if (overrides.thresholds) result.thresholds = overrides.thresholds;
  if (overrides.ab) {
    const A = definition.targets?.A ?? baseA;
    result.targets = { ...(A === undefined ? {} : { A }), B: overrides.ab.url, share: overrides.ab.share };
  }
  return result;
}

/** `--vus`, `--duration`, `--iterations`, `--stage`, `--users` on the test's shorthand. */
function applyShape(result: TestDefinition, overrides: PlanOverrides): void {
  const { vus, duration, iterations, stages, users, rate } = overrides;
  const shapes = [vus, duration, iterations, stages, users, rate].some((value) => value !== undefined);
  if (!shapes) return;
  if (result.scenarios) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      '--vus, --duration, --iterations, --stage and --users cannot override a test that defines scenarios',
    );
  }
  if (rate !== undefined) {
    arrivalRateShape(result, rate, overrides);
    return;
  }
  if (stages !== undefined || users !== undefined) {
    result.stages = stages ?? rampFor(users!, duration ?? result.duration);
    delete result.vus;
    delete result.duration;
    delete result.iterations;
    return;
  }
  if (vus !== undefined) result.vus = vus;
  if (duration !== undefined) result.duration = duration;
  if (iterations !== undefined) result.iterations = iterations;
  if (duration !== undefined && iterations === undefined) delete result.iterations;
  if (duration !== undefined || vus !== undefined) delete result.stages;
}

/** The shorthand behaviour as one constant-arrival-rate scenario (PlanOverrides.rate). */
function arrivalRateShape(result: TestDefinition, rate: number, overrides: PlanOverrides): void {
  const { exec, tasks, think, sequential, onStart, onStop } = result;
  const preAllocatedVUs = overrides.vus ?? result.vus ?? 1;
  result.scenarios = {
    default: {
      ...({ exec, tasks, think, sequential, onStart, onStop } as Behaviour),
      executor: 'constant-arrival-rate',
      rate,
      duration: overrides.duration ?? result.duration ?? '10s',
      preAllocatedVUs,
      maxVUs: Math.max(preAllocatedVUs, overrides.maxVUs ?? preAllocatedVUs),
    },
  };
  for (const key of ['exec', 'tasks', 'think', 'sequential', 'onStart', 'onStop'] as const)
    delete result[key];
  for (const key of ['vus', 'duration', 'iterations', 'stages'] as const) delete result[key];
}

/** Locust's ramp over the whole run: `--duration`, else the test's own `duration`. */
function rampFor(users: UsersRamp, duration: string | number | undefined): Stage[] {
  if (duration === undefined) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      "--users needs --duration: how long the whole run lasts, the ramp included (Locust's --run-time)",
    );
  }
  return usersRampStages(users, parseDuration(duration, 'duration'));
}
