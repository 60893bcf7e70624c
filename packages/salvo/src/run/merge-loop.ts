import { SalvoError } from '../errors.ts';
import type { Aggregator } from '../metrics/index.ts';
import type { Output } from '../outputs/index.ts';
import type { Outcome } from '../results/index.ts';
import { IntervalMerger } from './interval-merger.ts';
import { INTERVAL_MS } from './runner.ts';
import type { RunnerEvents } from './runner-handle.ts';
import type { ThresholdGate } from './threshold-gate.ts';

/** How often overdue seconds are looked for. */
const POLL_MS = 250;

export interface MergeLoopSettings {
  readonly outputs: readonly Output[];
  readonly gate: ThresholdGate;
  readonly aggregator: Aggregator;
  readonly runnerIds: readonly string[];
  /** Epoch ms at which the runners' interval 0 starts. */
  readonly startedAtMs: number;
  /** How long to wait for a runner's snapshot of a second before merging it without it. */
  readonly waitMs: number;
  /** Tells every runner to stop. */
  readonly stopRunners: (mode: 'graceful' | 'hard') => void;
  /** Told when a stop was asked for (e.g. to print "stopping..."). */
  readonly onStopping?: (mode: 'graceful' | 'hard') => void;
  readonly warn: (line: string) => void;
}

/**
 * The merge and decision loop of a run, whatever runs it: merges the runners' snapshots
 * (IntervalMerger), feeds every output each merged second, evaluates the thresholds live
 * (aborting on abortOnFail), and decides how the run ended: passed, or why it stopped.
 */
export class MergeLoop {
  outcome: Outcome = 'passed';
  reason: string | undefined;
  readonly events: RunnerEvents;
  readonly #settings: MergeLoopSettings;
  readonly #merger: IntervalMerger;
  readonly #timer: NodeJS.Timeout;
  readonly #late = new Set<string>();
  #stoppedHard = false;

  constructor(settings: MergeLoopSettings) {
    this.#settings = settings;
    const { outputs, gate, startedAtMs } = settings;
    const watchers = outputs.filter((output) => output.thresholds);
    this.#merger = new IntervalMerger({
      runnerIds: settings.runnerIds,
      aggregator: settings.aggregator,
      runStartMs: startedAtMs,
      intervalMs: INTERVAL_MS,
      waitMs: settings.waitMs,
      onView: (view) => {
        for (const output of outputs) output.interval(view);
        if (watchers.length === 0 && !gate.abortsOnFail) return;
        const { states, abort } = gate.live(view.run, view.endMs - startedAtMs);
        for (const output of watchers) output.thresholds?.(states, view);
        if (abort) this.stop('hard', 'aborted', `threshold ${abort} crossed (abortOnFail)`);
      },
      onMissing: (index, ids) => {
        const first = ids.filter((id) => !this.#late.has(id));
        for (const id of first) this.#late.add(id);
        if (first.length === 0) return;
        settings.warn(
          `runner ${first.join(', ')} late: second ${index + 1} merged without it ` +
            '(what it sends later still counts in the totals)',
        );
      },
    });
    this.#timer = setInterval(() => this.#merger.poll(), POLL_MS).unref();
    const merger = this.#merger;
    this.events = {
      snapshot: (snapshot) => merger.add(snapshot),
      joined: (id, fromIndex) => merger.join(id, fromIndex),
      ended: (id) => merger.runnerDone(id),
      fail: (reason) => this.stop('graceful', 'runner_failed', reason),
    };
  }

  /** Snapshots the merger dropped as repeats (sent again after a reconnect). */
  get duplicates(): number {
    return this.#merger.duplicates;
  }

  runnerDone(id: string): void {
    this.#merger.runnerDone(id);
  }

  /**
   * Stops the runners. A graceful stop after another stop, or any stop after a hard one,
   * changes nothing; the first reason for an outcome is kept.
   */
  stop(mode: 'graceful' | 'hard', why: Outcome, because: string): void {
    if (this.#stoppedHard || (this.outcome !== 'passed' && mode === 'graceful')) return;
    this.#stoppedHard = mode === 'hard';
    if (this.outcome !== why) this.reason = because;
    this.outcome = why;
    this.#settings.onStopping?.(mode);
    this.#settings.stopRunners(mode);
  }

  /** From outside: Ctrl-C, or an output's control (a stop after an abort stays an abort). */
  stopFromOutside(mode: 'graceful' | 'hard', because: string): void {
    this.stop(mode, this.outcome === 'aborted' ? 'aborted' : 'interrupted', because);
  }

  /** A runner failed: the run ends as runner_failed; what the others measured is reported. */
  runnerFailed(reason: unknown): SalvoError {
    const error =
      reason instanceof SalvoError
        ? reason
        : new SalvoError('SALVO_ERR_RUNNER', reason instanceof Error ? reason.message : String(reason));
    this.outcome = 'runner_failed';
    this.reason = error.message;
    return error;
  }

  /** Every runner has finished: merges what is left. */
  finish(): void {
    clearInterval(this.#timer);
    this.#merger.flush();
  }
}
