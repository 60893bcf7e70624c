import type { Outcome } from './results/index.ts';

/**
 * Errors a user can act on: a code from one catalogue (docs/errors.md), a one-line message
 * that says what and where, and the exit code, decided here and nowhere else.
 */

/** Every exit code of the `salvo` command (docs/cli.md#exit-codes). */
export const EXIT_CODES = {
  /** The run went to its end, every threshold held, and something succeeded. */
  passed: 0,
  /** Nothing ran, or a runner failed: bad input (flags, test file, options, thresholds), an unreachable target, an unexpected error. */
  error: 1,
  /** Stopped early, not by its verdict: Ctrl-C or SIGTERM; the results hold what was measured. */
  interrupted: 2,
  /** The verdict is a fail: a threshold crossed (at the end or by abortOnFail), a threshold saw no data, or nothing succeeded; `salvo compare`: a regression beyond the tolerance. */
  failed: 99,
  /** A signal before the load started, or a third Ctrl-C: nothing is written (128 + SIGINT). */
  forced: 130,
} as const;

/** The exit code of a run that wrote its results, by outcome. */
export const OUTCOME_EXIT_CODES = {
  passed: EXIT_CODES.passed,
  thresholds_crossed: EXIT_CODES.failed,
  aborted: EXIT_CODES.failed,
  nothing_succeeded: EXIT_CODES.failed,
  interrupted: EXIT_CODES.interrupted,
  runner_failed: EXIT_CODES.interrupted,
} as const satisfies Record<Outcome, number>;
export type RunExitCode = (typeof OUTCOME_EXIT_CODES)[Outcome];

/** The catalogue: each code with what it means (docs/errors.md has a hint for each). */
export const ERROR_CODES = {
  SALVO_ERR_USAGE: 'bad command-line usage',
  SALVO_ERR_TEST_FILE: 'the test file cannot be loaded',
  SALVO_ERR_TEST_DEFINITION: 'the test definition is invalid',
  SALVO_ERR_DURATION: 'an invalid duration',
  SALVO_ERR_THRESHOLD: 'an invalid threshold expression',
  SALVO_ERR_TARGET: 'the target cannot be reached or does not speak the protocol asked for',
  SALVO_ERR_OUTPUT: 'an output cannot be written',
  SALVO_ERR_RESULTS: 'a results document cannot be read',
  SALVO_ERR_SCRIPT: 'the test code threw',
  SALVO_ERR_RUNNER: 'a runner failed during the run',
  SALVO_ERR_CAPACITY: 'the plan does not fit this machine (memory, open files)',
  SALVO_ERR_NODE: 'this Node.js is older than Salvo needs (22.19)',
  SALVO_ERR_SCRAPE: "a scrape of the service's metrics failed (a warning: the run goes on)",
  SALVO_ERR_FAULT: 'a fault for the fault-injection proxy is invalid',
  SALVO_ERR_FAULTS_FROM: "--faults-from: the standalone fault proxy's control port does not answer",
  SALVO_ERR_INTERNAL: 'an unexpected error inside Salvo',
  SALVO_ERR_CLUSTER: 'cluster mode: Redis cannot be reached, or the runners cannot run the test',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class SalvoError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** Every problem this error stands for, itself first: validation reports them all at once. */
  readonly problems: readonly SalvoError[];
  constructor(code: ErrorCode, message: string, hint?: string, others: readonly SalvoError[] = []) {
    super(others.length > 0 ? `${message} (and ${others.length} more)` : message);
    this.name = 'SalvoError';
    this.code = code;
    this.hint = hint;
    this.problems = others.length > 0 ? [new SalvoError(code, message, hint), ...others] : [this];
  }

  /** One error for a list of problems: the first carries the rest. */
  static all(problems: readonly SalvoError[]): SalvoError {
    const [first, ...rest] = problems.flatMap((problem) => problem.problems);
    if (!first) throw new Error('SalvoError.all needs at least one problem');
    return rest.length === 0 ? first : new SalvoError(first.code, first.message, first.hint, rest);
  }
}

/**
 * Collects the problems of one validation, so the user sees every one at once (one line
 * each) instead of fixing them one run at a time.
 *
 * @example
 * const problems = new Problems();
 * const vus = problems.check(() => wholeNumber(input.vus, 'vus', 1));
 * problems.throwIfAny(); // before `vus` is used
 */
export class Problems {
  readonly #found: SalvoError[] = [];

  /**
   * Runs one check; a SalvoError it throws is kept and checking goes on. The value returned
   * for a failed check is a placeholder that nobody reads: `throwIfAny` throws first.
   */
  check<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof SalvoError)) throw error;
      this.#found.push(...error.problems);
      return undefined as T;
    }
  }

  add(problem: SalvoError): void {
    this.#found.push(...problem.problems);
  }

  throwIfAny(): void {
    if (this.#found.length > 0) throw SalvoError.all(this.#found);
  }
}

/**
 * The lines a user sees for an error, one per problem: the message, the hint when there is
 * one, and the code. An error Salvo did not expect is SALVO_ERR_INTERNAL.
 */
export function userErrorLines(error: unknown): string[] {
  if (error instanceof SalvoError) {
    return error.problems.map(
      ({ message, hint, code }) => `${hint ? `${message} (${hint})` : message} [${code}]`,
    );
  }
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? 'unknown error') : String(error);
  return [`${message} (set SALVO_DEBUG=1 for details) [SALVO_ERR_INTERNAL]`];
}
