import { MAX_SCRIPT_ERROR_GROUPS, OTHER_SCRIPT_ERRORS } from '../metrics/index.ts';
import type { Recorder, SeriesId, Tags } from '../metrics/types.ts';
import { describeScriptError } from './script-error-detail.ts';

const MAX_PRINTED = 5;

/**
 * Errors thrown by the user's code, grouped as Locust's exceptions table groups them: one
 * `errors{kind:script,name:WHERE,message:...,location:...}` series per place (scenario,
 * task, onStart, onStop, think, teardown), first line of the message and the user's
 * file:line:col, so a test that fails two ways shows both with their counts. The run
 * carries on. The first few groups go to stderr at once, so a broken test is seen early.
 */
export class ScriptErrors {
  readonly #recorder: Recorder;
  readonly #ids = new Map<string, SeriesId>();
  readonly #print: (line: string) => void;
  #groups = 0;
  #printed = 0;

  constructor(recorder: Recorder, print: (line: string) => void) {
    this.#recorder = recorder;
    this.#print = print;
  }

  record(tags: Tags, where: string, error: unknown): void {
    let { message, location } = describeScriptError(error);
    const sample = message;
    let key = `${where}\0${message}\0${location}`;
    let id = this.#ids.get(key);
    if (id === undefined && this.#groups >= MAX_SCRIPT_ERROR_GROUPS) {
      message = OTHER_SCRIPT_ERRORS;
      location = '';
      key = `${where}\0`;
      id = this.#ids.get(key);
    }
    if (id === undefined) {
      id = this.#recorder.series('errors', { ...tags, kind: 'script', name: where, message, location });
      this.#ids.set(key, id);
      if (message !== OTHER_SCRIPT_ERRORS) this.#groups++;
      if (this.#printed < MAX_PRINTED) {
        this.#printed++;
        this.#print(`script error in ${where}: ${message}${location ? ` (${location})` : ''}`);
      }
    }
    this.#recorder.count(id, 1);
    this.#recorder.sample(id, sample);
  }
}
