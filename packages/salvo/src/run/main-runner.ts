import type { Plan } from '../plan/plan.ts';
import type { Segment } from '../plan/segment.ts';
import { Runner, type RunnerOptions } from './runner.ts';
import type { RunnerHandle, SnapshotSink } from './runner-handle.ts';

/** The runner on the coordinator's own event loop (`--workers 1`). */
export function createMainRunner(
  plan: Plan,
  segment: Segment,
  onSnapshot: SnapshotSink,
  createHttp: RunnerOptions['createHttp'],
): RunnerHandle {
  let runner: Runner | undefined;
  let stopped: 'graceful' | 'hard' | undefined;
  return {
    id: 'main',
    kind: 'main',
    segment,
    prepare: async () => {},
    run: async (startAtEpochMs, setupData) => {
      runner = new Runner(plan, {
        runnerId: 'main',
        segment,
        startAtEpochMs,
        setupData,
        createHttp,
        onSnapshot,
        printError: (line) => process.stderr.write(`${line}\n`),
      });
      if (stopped) runner.stop(stopped);
      await runner.run();
    },
    stop: (mode) => {
      stopped = mode;
      runner?.stop(mode);
    },
    close: async () => {},
  };
}
