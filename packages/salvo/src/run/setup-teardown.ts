import { SalvoError } from '../errors.ts';
import { type Aggregator, createRecorder } from '../metrics/index.ts';
import type { Plan } from '../plan/plan.ts';
import { describeScriptError } from './script-error-detail.ts';
import { ScriptErrors } from './script-errors.ts';

/** Runs `setup`: a throw ends the run before it starts, in one line that says it was setup. */
export async function runSetup(plan: Plan): Promise<unknown> {
  if (!plan.setup) return undefined;
  try {
    return await plan.setup();
  } catch (error) {
    if (error instanceof SalvoError) throw error;
    const { message, location } = describeScriptError(error);
    throw new SalvoError('SALVO_ERR_SCRIPT', `setup threw: ${message}${location ? ` (${location})` : ''}`);
  }
}

/**
 * Runs `teardown`: a throw is a script error named `teardown` in the results (after the
 * load, so in the totals, not in the per-second series), and a line on stderr.
 */
export async function runTeardown(plan: Plan, setupData: unknown, aggregator: Aggregator): Promise<void> {
  if (!plan.teardown) return;
  try {
    await plan.teardown(setupData);
  } catch (error) {
    const recorder = createRecorder('teardown');
    new ScriptErrors(recorder, (line) => process.stderr.write(`${line}\n`)).record({}, 'teardown', error);
    const now = Date.now();
    aggregator.addLate(recorder.snapshot(0, now, now));
  }
}
