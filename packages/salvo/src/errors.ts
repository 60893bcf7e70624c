/**
 * Errors a user can act on: a code from one catalogue, a one-line message that says what
 * and where, and the exit code, decided here and nowhere else.
 */

export const EXIT_CODES = {
  passed: 0,
  usage: 1,
  aborted: 2,
  thresholdsCrossed: 99,
} as const;

export const ERROR_CODES = {
  SALVO_ERR_USAGE: 'bad command-line usage',
  SALVO_ERR_TEST_FILE: 'the test file cannot be loaded',
  SALVO_ERR_TEST_DEFINITION: 'the test definition is invalid',
  SALVO_ERR_DURATION: 'an invalid duration',
  SALVO_ERR_THRESHOLD: 'an invalid threshold expression',
  SALVO_ERR_TARGET: 'the target cannot be reached',
  SALVO_ERR_OUTPUT: 'an output cannot be written',
  SALVO_ERR_SCRIPT: 'the test code threw',
  SALVO_ERR_CAPACITY: 'the plan does not fit this machine (memory, open files)',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class SalvoError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  constructor(code: ErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'SalvoError';
    this.code = code;
    this.hint = hint;
  }
}

/** The one line a user sees for an error: the message, then a hint when there is one. */
export function formatUserError(error: unknown): string {
  if (error instanceof SalvoError) return error.hint ? `${error.message} (${error.hint})` : error.message;
  if (error instanceof Error) return error.message.split('\n')[0] ?? 'unknown error';
  return String(error);
}
