import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SalvoError } from '../errors.ts';
import { loadedFeeds, type SharedRows } from '../feed/index.ts';
import { adoptedFaultRouting, type FaultRouting } from '../http/index.ts';
import { formatSegment, type Segment } from '../plan/segment.ts';
import type { PlanSource } from './load-plan.ts';
import { PROTOCOL_VERSION, unreadable } from './protocol.ts';
import type { FromWorker, RunnerHandle, SnapshotSink, ToWorker } from './runner-handle.ts';

/** Loaded by URL, which the build does not rewrite: it has this module's own extension (.ts in src/, .js in dist/). */
const WORKER_ENTRY = new URL(`./worker-entry${extname(import.meta.url)}`, import.meta.url);
/** A small young generation keeps a runner's memory flat under per-request garbage (see bin/salvo.js). */
const YOUNG_GENERATION_MB = 6;

export interface WorkerData {
  readonly runnerId: string;
  readonly source: PlanSource;
  readonly segment: Segment;
  /** The feeds' rows the coordinator loaded: shared memory, so no thread reads the files again. */
  readonly feeds: Record<string, SharedRows>;
  /** The run's fault proxy: where the target's connections go, and its connection marks. */
  readonly faultRouting: FaultRouting | undefined;
}

export interface ThreadRunnerOptions {
  /** A share taken over mid-run: the plan's schedule before this epoch ms is past. */
  readonly resumeAtEpochMs?: number;
  /** With it: a lost runner's undone iterations, per iteration-count scenario (RunnerOptions). */
  readonly handedIterations?: Readonly<Record<string, number>>;
}

/** A runner in a worker thread: the same Runner, fed its segment through messages. */
export function createThreadRunner(
  id: string,
  source: PlanSource,
  segment: Segment,
  onSnapshot: SnapshotSink,
  options: ThreadRunnerOptions = {},
): RunnerHandle {
  const data: WorkerData = {
    runnerId: id,
    source,
    segment,
    feeds: loadedFeeds(),
    faultRouting: adoptedFaultRouting(),
  };
  const worker = new Worker(WORKER_ENTRY, {
    workerData: data,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  const send = (message: ToWorker) => worker.postMessage(message);
  let onReady: { resolve: () => void; reject: (error: Error) => void } | undefined;
  let onDone: { resolve: () => void; reject: (error: Error) => void } | undefined;
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    onReady?.reject(error);
    onDone?.reject(error);
  };

  worker.on('message', (message: FromWorker) => {
    const problem = unreadable(message);
    if (problem) return fail(new Error(`runner ${id} sent a message this Salvo cannot read: ${problem}`));
    switch (message.type) {
      case 'ready':
        return onReady?.resolve();
      case 'snapshot':
        return onSnapshot(message.snapshot);
      case 'log':
        process.stderr.write(`${message.line}\n`);
        return;
      case 'done':
        return onDone?.resolve();
      case 'failed':
        return fail(
          message.code
            ? new SalvoError(message.code as SalvoError['code'], message.message)
            : new Error(`runner ${id} (${formatSegment(segment)}): ${message.message}`),
        );
    }
  });
  worker.on('error', (error) => fail(new Error(`runner ${id} crashed: ${error.message}`)));
  worker.on('exit', (code) => fail(new Error(`runner ${id} exited early (code ${code})`)));

  return {
    id,
    kind: 'thread',
    segment,
    prepare: () =>
      new Promise((resolve, reject) => {
        onReady = { resolve, reject };
        if (failure) reject(failure);
      }),
    run: (startAtEpochMs, setupData) =>
      new Promise((resolve, reject) => {
        onDone = { resolve, reject };
        if (failure) return reject(failure);
        send({ v: PROTOCOL_VERSION, type: 'start', startAtEpochMs, setupData, ...options });
      }),
    stop: (mode) => send({ v: PROTOCOL_VERSION, type: 'stop', mode }),
    close: async () => {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
