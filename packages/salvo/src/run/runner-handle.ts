import type { IntervalSnapshot } from '../metrics/types.ts';
import type { Segment } from '../plan/segment.ts';

/** A runner's or a share's entry in the results (meta.runners). */
export interface RunnerInfo {
  readonly id: string;
  readonly kind: 'main' | 'thread' | 'remote';
  readonly segment: Segment;
}

/** One runner as the coordinator sees it, wherever it runs (main thread, worker thread, machine). */
export interface RunnerHandle extends RunnerInfo {
  /** Loads the plan; rejects with the reason when it cannot (bad test file, ...). */
  prepare(): Promise<void>;
  /** Runs the segment; resolves after the runner's last snapshot was delivered. */
  run(startAtEpochMs: number, setupData: unknown): Promise<void>;
  stop(mode: 'graceful' | 'hard'): void;
  close(): Promise<void>;
}

export type SnapshotSink = (snapshot: IntervalSnapshot) => void;

/** What runners tell the merge loop (run/merge-loop.ts) besides their snapshots. */
export interface RunnerEvents {
  readonly snapshot: SnapshotSink;
  /** A snapshot stream that begins mid-run (a lost runner's share, taken over) at interval `fromIndex`. */
  joined(streamId: string, fromIndex: number): void;
  /** A stream that will send nothing more (its runner was lost): stop waiting for it. */
  ended(streamId: string): void;
  /** The run cannot go on as planned (no capacity left for a lost share): stop it, failed. */
  fail(reason: string): void;
}

/** Messages between the coordinator and a worker thread: a small typed, versioned envelope. */
export type ToWorker = { readonly v: number } & (
  | {
      readonly type: 'start';
      readonly startAtEpochMs: number;
      readonly resumeAtEpochMs?: number;
      readonly handedIterations?: Readonly<Record<string, number>>;
      readonly setupData: unknown;
    }
  | { readonly type: 'stop'; readonly mode: 'graceful' | 'hard' }
);

export type FromWorker = { readonly v: number } & (
  | { readonly type: 'ready' }
  | { readonly type: 'snapshot'; readonly snapshot: IntervalSnapshot }
  | { readonly type: 'log'; readonly line: string }
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly message: string; readonly code: string | undefined }
);
