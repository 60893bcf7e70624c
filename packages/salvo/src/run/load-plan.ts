import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SalvoError } from '../errors.ts';
import { setFeedBaseDir } from '../feed/index.ts';
import { declaredMetrics } from '../metrics/custom.ts';
import { normalizePlan } from '../plan/normalize.ts';
import type { Plan } from '../plan/plan.ts';
import type { TestDefinition } from '../plan/types.ts';
import { type QuickTestOptions, quickTest } from './quick-test.ts';

/** Where a plan comes from; plain data, so it crosses to worker threads and machines. */
export type PlanSource =
  | { readonly kind: 'file'; readonly path: string; readonly overrides: PlanOverrides }
  | { readonly kind: 'quick'; readonly options: QuickTestOptions };

/** Command-line settings that replace the test's own (only for tests without `scenarios`). */
export interface PlanOverrides {
  readonly vus?: number;
  readonly duration?: string;
  readonly iterations?: number;
  readonly transport?: 'auto' | 'lean' | 'undici';
  readonly insecureSkipTLSVerify?: boolean;
}

export async function loadPlan(source: PlanSource): Promise<Plan> {
  if (source.kind === 'quick') return normalizePlan(quickTest(source.options));
  const definition = await importTest(source.path);
  return normalizePlan(applyOverrides(definition, source.overrides), declaredMetrics());
}

/** Imports the user's test file; any failure becomes one line that says what and where. */
async function importTest(path: string): Promise<TestDefinition> {
  const absolute = resolve(path);
  const shown = relative(process.cwd(), absolute) || path;
  if (!existsSync(absolute)) throw new SalvoError('SALVO_ERR_TEST_FILE', `test file not found: ${shown}`);
  let module: { default?: unknown };
  setFeedBaseDir(dirname(absolute));
  try {
    module = await import(pathToFileURL(absolute).href);
  } catch (error) {
    // a definition Salvo refused while the file ran (a custom metric's name) keeps its code
    if (error instanceof SalvoError) throw new SalvoError(error.code, `${shown}: ${error.message}`);
    throw new SalvoError('SALVO_ERR_TEST_FILE', `${shown}: ${loadErrorLine(error, absolute)}`);
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function applyOverrides(definition: TestDefinition, overrides: PlanOverrides): TestDefinition {
  const shapes =
    overrides.vus !== undefined || overrides.duration !== undefined || overrides.iterations !== undefined;
  if (shapes && definition.scenarios) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      '--vus, --duration and --iterations cannot override a test that defines scenarios',
    );
  }
  const result: TestDefinition = { ...definition, http: { ...definition.http } };
  if (overrides.vus !== undefined) result.vus = overrides.vus;
  if (overrides.duration !== undefined) result.duration = overrides.duration;
  if (overrides.iterations !== undefined) result.iterations = overrides.iterations;
  if (overrides.duration !== undefined && overrides.iterations === undefined) delete result.iterations;
  if (overrides.duration !== undefined || overrides.vus !== undefined) delete result.stages;
  if (overrides.transport) result.http!.transport = overrides.transport;
  if (overrides.insecureSkipTLSVerify) result.http!.insecureSkipTLSVerify = true;
  return result;
}
