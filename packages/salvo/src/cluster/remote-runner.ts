import { SalvoError } from '../errors.ts';
import type { Segment } from '../plan/segment.ts';
import type { RunnerHandle } from '../run/runner-handle.ts';
import type { RunnerRecord, ToRunnerContent } from './messages.ts';
import type { SnapshotDecoder } from './snapshot-wire.ts';

const READY_TIMEOUT_MS = 60_000;

/** One snapshot stream: a runner's own share, or a part of a lost one's it took over. */
export interface Share {
  readonly streamId: string;
  readonly owner: RemoteRunner;
  readonly segment: Segment;
  /** Per iteration-count scenario, the iterations it must run (handed-iterations.ts)... */
  readonly planned: ReadonlyMap<string, number>;
  /** ...and those its snapshots said were done. */
  readonly reported: Map<string, number>;
  readonly received: Set<number>;
  /** Its series dictionary (snapshot-wire.ts). */
  readonly decoder: SnapshotDecoder;
  /** The last interval received with every one before it (-1: none). */
  held: number;
  done: boolean;
  requests: number;
  cpuMax: number;
}

/** A runner as the coordinator drives it through Redis. */
export type RemoteRunner = RunnerHandle & {
  readonly record: RunnerRecord;
  state: 'assigned' | 'ready' | 'running' | 'done' | 'lost' | 'failed';
  readonly shares: Share[];
  lostNote?: string;
  seenBeat: number;
  seenAt: number;
  ready(streamId: string): void;
  failed(streamId: string, error: Error): void;
  shareDone(): void;
  settle(): void;
};

/** What a remote runner needs of its fleet (cluster-fleet.ts). */
export interface RemoteLink {
  send(runner: RemoteRunner, content: ToRunnerContent): void;
  /** Redis's clock minus this machine's (ms): starts are sent on Redis's clock. */
  offsetMs(): number;
  started(atMs: number): void;
  /** The run is over for this runner: it is told so, and let go. */
  released(runner: RemoteRunner): Promise<void>;
}

/**
 * The RunnerHandle of one runner machine: prepare() waits for its `ready`, run() for every
 * share it runs (its own and any taken over) to be done, or for it to be lost.
 */
export function remoteRunner(record: RunnerRecord, segment: Segment, link: RemoteLink): RemoteRunner {
  let onReady: { resolve: () => void; reject: (error: Error) => void } | undefined;
  let onRun: { resolve: () => void; reject: (error: Error) => void } | undefined;
  let failure: Error | undefined;
  const runner: RemoteRunner = {
    id: record.name,
    kind: 'remote',
    segment,
    record,
    state: 'assigned',
    shares: [],
    seenBeat: record.beat,
    seenAt: Date.now(),
    prepare: () =>
      new Promise<void>((resolve, reject) => {
        if (failure) return reject(failure);
        const timer = setTimeout(
          () =>
            reject(
              new SalvoError(
                'SALVO_ERR_CLUSTER',
                `runner ${record.name} did not load the test in ${READY_TIMEOUT_MS / 1000} s`,
              ),
            ),
          READY_TIMEOUT_MS,
        ).unref();
        onReady = {
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
      }),
    run: (startAtMs, setupData) =>
      new Promise<void>((resolve, reject) => {
        onRun = { resolve, reject };
        link.started(startAtMs);
        runner.state = 'running';
        runner.seenAt = Date.now();
        link.send(runner, { type: 'start', startAtRedisMs: startAtMs + link.offsetMs(), setupData });
      }),
    stop: (mode) => link.send(runner, { type: 'stop', mode }),
    close: () => link.released(runner),
    ready: (streamId) => {
      if (streamId === record.name && runner.state === 'assigned') {
        runner.state = 'ready';
        onReady?.resolve();
      }
    },
    failed: (streamId, error) => {
      if (runner.state === 'lost' || runner.state === 'failed') return;
      failure = error;
      runner.state = 'failed';
      if (streamId === record.name && !onRun) onReady?.reject(error);
      else onRun?.reject(error);
    },
    shareDone: () => {
      if (runner.shares.every((share) => share.done)) {
        runner.state = 'done';
        onRun?.resolve();
      }
    },
    settle: () => onRun?.resolve(),
  };
  return runner;
}
