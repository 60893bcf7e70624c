import type { PlanSource } from '../run/load-plan.ts';
import { type WireSnapshot, wireSnapshotProblem } from './snapshot-wire.ts';

/**
 * The messages of cluster mode, as JSON in Redis streams (redis.ts). Each carries the
 * protocol version (`v`, run/protocol.ts) and its run; a receiver drops one it cannot read
 * with a log line, never a crash.
 */

/** A runner as it registers itself, rewritten at every heartbeat. */
export interface RunnerRecord {
  readonly v: number;
  readonly name: string;
  /** This process's own id: a runner restarted under the same name is another runner. */
  readonly instance: string;
  /** The VUs it takes (`--capacity`); shares are split in proportion. */
  readonly capacity: number;
  readonly host: string;
  readonly pid: number;
  readonly salvoVersion: string;
  readonly state: 'idle' | 'busy';
  readonly runId?: string;
  /** Heartbeats sent: a coordinator sees a runner alive while this grows. */
  readonly beat: number;
  /** Redis time (epoch ms) of this heartbeat. */
  readonly at: number;
}

/** A run's record, for `salvo cluster status`. */
export interface RunRecord {
  readonly v: number;
  readonly runId: string;
  readonly test: string;
  readonly state: 'waiting' | 'running';
  readonly runnersMin: number;
  readonly runners: readonly string[];
  readonly host: string;
  /** Redis time (epoch ms) it was queued. */
  readonly since: number;
}

/** The test's files, for runners that do not have them: paths relative to one root, base64. */
export interface TestBundle {
  readonly testPath: string;
  readonly files: Readonly<Record<string, string>>;
}

/** Coordinator to runner, in the runner's inbox. `seq` orders a run's messages; repeats are dropped. */
export type ToRunner = { readonly v: number; readonly runId: string; readonly seq: number } & (
  | {
      readonly type: 'assign';
      /** The test's files; absent for a quick run (--url), which has none. */
      readonly bundle?: TestBundle;
      readonly source: PlanSource;
      readonly streamId: string;
      /** formatSegment's text: "1/3:2/3". */
      readonly segment: string;
    }
  | { readonly type: 'start'; readonly startAtRedisMs: number; readonly setupData: unknown }
  | {
      readonly type: 'takeover';
      readonly streamId: string;
      readonly segment: string;
      readonly resumeAtRedisMs: number;
      readonly lost: string;
      /** Per iteration-count scenario, the lost runner's undone iterations this part runs. */
      readonly iterations: Readonly<Record<string, number>>;
    }
  | { readonly type: 'stop'; readonly mode: 'graceful' | 'hard' }
  | { readonly type: 'release' }
);

/** Runner to coordinator, in the run's events stream. */
export type FromRunner = { readonly v: number; readonly runId: string; readonly runner: string } & (
  | { readonly type: 'ready'; readonly streamId: string }
  | { readonly type: 'failed'; readonly streamId: string; readonly message: string; readonly code?: string }
  /** Its histograms travel beside it, as bytes (snapshot-wire.ts). */
  | { readonly type: 'snapshot'; readonly snapshot: WireSnapshot }
  | { readonly type: 'done'; readonly streamId: string }
);

type Unversioned<T> = T extends unknown ? Omit<T, 'v'> : never;
export type ToRunnerBody = Unversioned<ToRunner>;
/** What a coordinator writes; the run, the sequence number and the version are added when sent. */
export type ToRunnerContent = ToRunner extends infer T
  ? T extends unknown
    ? Omit<T, 'v' | 'runId' | 'seq'>
    : never
  : never;
export type FromRunnerBody = Unversioned<FromRunner>;

/** Why a message from the events stream cannot be read, or undefined. */
export function fromRunnerProblem(message: unknown): string | undefined {
  const m = message as Partial<Record<string, unknown>>;
  if (typeof m.runner !== 'string' || typeof m.runId !== 'string') return 'no runner or run';
  switch (m.type) {
    case 'ready':
    case 'done':
      return typeof m.streamId === 'string' ? undefined : 'no streamId';
    case 'failed':
      return typeof m.streamId === 'string' && typeof m.message === 'string'
        ? undefined
        : 'no streamId or message';
    case 'snapshot':
      return wireSnapshotProblem(m.snapshot);
    default:
      return `unknown type ${JSON.stringify(m.type)}`;
  }
}

/** Why a message from the inbox cannot be read, or undefined. */
export function toRunnerProblem(message: unknown): string | undefined {
  const m = message as Partial<Record<string, unknown>>;
  if (typeof m.runId !== 'string' || !Number.isInteger(m.seq)) return 'no run or seq';
  switch (m.type) {
    case 'assign':
      return typeof m.streamId === 'string' && typeof m.segment === 'string' && typeof m.source === 'object'
        ? undefined
        : 'an assign without streamId, segment or source';
    case 'start':
      return typeof m.startAtRedisMs === 'number' ? undefined : 'a start without startAtRedisMs';
    case 'takeover':
      if (
        typeof m.streamId !== 'string' ||
        typeof m.segment !== 'string' ||
        typeof m.resumeAtRedisMs !== 'number'
      )
        return 'a takeover without streamId, segment or resumeAtRedisMs';
      return typeof m.iterations === 'object' &&
        m.iterations !== null &&
        Object.values(m.iterations).every((count) => Number.isInteger(count) && count >= 0)
        ? undefined
        : 'a takeover without iteration counts';
    case 'stop':
      return m.mode === 'graceful' || m.mode === 'hard' ? undefined : 'a stop without mode';
    case 'release':
      return undefined;
    default:
      return `unknown type ${JSON.stringify(m.type)}`;
  }
}
