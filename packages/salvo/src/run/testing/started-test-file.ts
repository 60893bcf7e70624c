import type { Output } from '../../outputs/index.ts';
import type { IntervalView, ResultsDocument } from '../../results/index.ts';
import { type RunningTest, type RunSettings, startTest } from '../coordinator.ts';
import type { TestFiles } from './test-files.ts';

/** A test file started in this process, with an output that keeps what it was given. */
export interface StartedTestFile {
  readonly path: string;
  readonly running: RunningTest;
  /** Every interval the outputs saw, so far. */
  readonly views: readonly IntervalView[];
  /** The results document, once `running.done` has resolved. */
  results(): ResultsDocument;
}

/**
 * Writes `source` as a new test file in `files` and starts it on one runner (unless
 * `extra` says otherwise); extra outputs get the same intervals and results.
 */
export async function startTestFile(
  files: TestFiles,
  source: string,
  extra: Partial<RunSettings> = {},
): Promise<StartedTestFile> {
  const path = files.write(`t${Math.random().toString(36).slice(2)}.ts`, source);
  const views: IntervalView[] = [];
  let doc: ResultsDocument | undefined;
  const capture: Output = {
    name: 'capture',
    start() {},
    interval: (view) => void views.push(view),
    end: (results) => void (doc = results),
  };
  const running = await startTest({
    source: { kind: 'file', path, overrides: {} },
    workers: 1,
    testLabel: path,
    ...extra,
    outputs: [capture, ...(extra.outputs ?? [])],
  });
  return {
    path,
    running,
    views,
    results: () => {
      if (doc === undefined) throw new Error('the run has not ended: await running.done first');
      return doc;
    },
  };
}
