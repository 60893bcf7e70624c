import type { Recorder, SeriesId, Tags } from '../metrics/types.ts';

const MAX_PRINTED = 5;

/**
 * Errors thrown by the user's code: counted under `errors{kind:script,name:WHERE}` with a
 * sample, the run carries on. The first few distinct messages go to stderr with where
 * they came from, so a broken test is seen at once rather than only in the summary.
 */
export class ScriptErrors {
  readonly #recorder: Recorder;
  readonly #ids = new Map<string, SeriesId>();
  readonly #printed = new Set<string>();
  readonly #print: (line: string) => void;

  constructor(recorder: Recorder, print: (line: string) => void) {
    this.#recorder = recorder;
    this.#print = print;
  }

  record(tags: Tags, where: string, error: unknown): void {
    const message = describe(error);
    let id = this.#ids.get(where);
    if (id === undefined) {
      id = this.#recorder.series('errors', { ...tags, kind: 'script', name: where });
      this.#ids.set(where, id);
    }
    this.#recorder.count(id, 1);
    this.#recorder.sample(id, message);
    const key = `${where}\0${message}`;
    if (this.#printed.size < MAX_PRINTED && !this.#printed.has(key)) {
      this.#printed.add(key);
      this.#print(`script error in ${where}: ${message}`);
    }
  }
}

/** One line: the message and the first stack frame from the user's file. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frame = error.stack
    ?.split('\n')
    .slice(1)
    .find((line) => !line.includes('node:') && !line.includes('/packages/salvo/src/'));
  const at = frame?.trim().replace(/^at\s+/, '');
  return at ? `${error.message} (${at})` : error.message;
}
