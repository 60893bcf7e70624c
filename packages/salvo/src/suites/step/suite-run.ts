import { EXIT_CODES, SalvoError, userErrorLines } from '../../errors.ts';
import type { ResultsDocument } from '../../results/index.ts';
import { type RunningTest, startTest } from '../../run/coordinator.ts';
import type { PlanSource } from '../../run/load-plan.ts';

export interface StepSettings {
  readonly source: PlanSource;
  /** What the step's results call the test (its meta.test). */
  readonly label: string;
}

/**
 * A suite's runs, one after another, each the engine's own run (run/coordinator.ts, the
 * same path as `salvo run`) with no outputs of its own: the suite reads each step's
 * results document and writes one document for all of them. Ctrl-C stops the step in
 * progress (gracefully, then at once on a second signal, as `salvo run` does) and ends the
 * suite after it, so what was measured is still written; a third signal exits. A step
 * that cannot start after others ran (the service went away: SALVO_ERR_TARGET) ends the
 * suite the same way, its reason kept; a first step that cannot start is the command's error.
 */
export class SuiteRun {
  readonly #workers: number | 'auto';
  #running: RunningTest | undefined;
  #signals = 0;
  #completed = 0;
  #failure: string | undefined;
  readonly #onSignal = () => {
    this.#signals++;
    if (this.#signals > 2) process.exit(EXIT_CODES.forced);
    this.#running?.stop(this.#signals === 1 ? 'graceful' : 'hard');
    if (this.#signals === 1)
      process.stderr.write('\nstopping: this step ends, then the suite writes what it measured\n');
  };

  constructor(workers: number | 'auto') {
    this.#workers = workers;
    process.on('SIGINT', this.#onSignal);
    process.on('SIGTERM', this.#onSignal);
  }

  /** True once the user asked to stop or a step could not start: the suite runs no further step. */
  get stopped(): boolean {
    return this.#signals > 0 || this.#failure !== undefined;
  }

  /** How the suite ended so far, and why when a step could not start. */
  get ending(): { outcome: 'completed' | 'interrupted' | 'failed'; reason?: string } {
    if (this.#failure !== undefined) return { outcome: 'failed', reason: this.#failure };
    return { outcome: this.#signals > 0 ? 'interrupted' : 'completed' };
  }

  /**
   * Runs one step to its end and returns its results document; undefined when it could
   * not start after earlier steps ran (see `ending`).
   */
  async step(settings: StepSettings): Promise<ResultsDocument | undefined> {
    try {
      this.#running = await startTest({
        source: settings.source,
        workers: this.#workers,
        outputs: [],
        testLabel: settings.label,
      });
    } catch (error) {
      if (this.#completed === 0 || !(error instanceof SalvoError)) {
        throw settings.source.kind === 'file' ? shapeError(error, settings.source.path) : error;
      }
      this.#failure = userErrorLines(error).join('; ');
      return undefined;
    }
    try {
      const { results } = await this.#running.done;
      this.#completed++;
      return results;
    } finally {
      this.#running = undefined;
    }
  }

  close(): void {
    process.off('SIGINT', this.#onSignal);
    process.off('SIGTERM', this.#onSignal);
  }
}

/**
 * The engine refuses to reshape a test that defines scenarios with the flags' words
 * (`--vus, --duration ... cannot override`); a suite's user gave none of those flags.
 */
function shapeError(error: unknown, path: string): unknown {
  if (
    !(error instanceof SalvoError) ||
    !error.message.includes('cannot override a test that defines scenarios')
  ) {
    return error;
  }
  return new SalvoError(
    'SALVO_ERR_USAGE',
    `${path} defines scenarios: a suite sets the load itself (the VUs or the rate of each step)`,
    'give it a test without scenarios: exec or tasks at the top level, or --url',
  );
}
