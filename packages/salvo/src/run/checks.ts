import type { Recorder, SeriesId, Tags } from '../metrics/types.ts';

/**
 * Records checks: a pass or fail in `checks{check:NAME}`, and a failure once more under
 * `errors{kind:check,name:NAME}`. Series ids are cached per check name.
 */
export class CheckRecorder {
  readonly #recorder: Recorder;
  readonly #baseTags: Tags;
  readonly #ids = new Map<string, { check: SeriesId; error: SeriesId }>();

  constructor(recorder: Recorder, baseTags: Tags) {
    this.#recorder = recorder;
    this.#baseTags = baseTags;
  }

  record(name: string, passed: boolean): void {
    let ids = this.#ids.get(name);
    if (!ids) {
      ids = {
        check: this.#recorder.series('checks', { ...this.#baseTags, check: name }),
        error: this.#recorder.series('errors', { ...this.#baseTags, kind: 'check', name }),
      };
      this.#ids.set(name, ids);
    }
    this.#recorder.rate(ids.check, passed);
    if (!passed) {
      this.#recorder.count(ids.error, 1);
      this.#recorder.sample(ids.error, `check "${name}" failed`);
    }
  }
}
