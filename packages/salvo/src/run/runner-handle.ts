import type { IntervalSnapshot } from '../metrics/types.ts';
import type { Segment } from '../plan/segment.ts';

/** One runner as the coordinator sees it, wherever it runs (main thread, worker thread, machine). */
export interface RunnerHandle {
  readonly id: string;
  readonly kind: 'main' | 'thread' | 'remote';
  readonly segment: Segment;
  /** Loads the plan; rejects with the reason when it cannot (bad test file, ...). */
  prepare(): Promise<void>;
  /** Runs the segment; resolves after the runner's last snapshot was delivered. */
  run(startAtEpochMs: number, setupData: unknown): Promise<void>;
  stop(mode: 'graceful' | 'hard'): void;
  close(): Promise<void>;
}

export type SnapshotSink = (snapshot: IntervalSnapshot) => void;

/** Messages between the coordinator and a worker thread: a small typed envelope. */
export type ToWorker =
  | { readonly type: 'start'; readonly startAtEpochMs: number; readonly setupData: unknown }
  | { readonly type: 'stop'; readonly mode: 'graceful' | 'hard' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'snapshot'; readonly snapshot: IntervalSnapshot }
  | { readonly type: 'log'; readonly line: string }
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly message: string; readonly code: string | undefined };
