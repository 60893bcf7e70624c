import type { RunData, RunMeta } from '../../results/index.ts';
import type { TextStream } from '../format.ts';
import type { Output } from '../types.ts';

/**
 * The loop behind the push outputs (remote write, OTLP): every flush interval it sends what
 * the run handle reads now (cumulative, so a push that fails loses resolution, never
 * counts: the next one carries them), retries a failed push with backoff, counts failures,
 * tells the first one on stderr at once and the count at the end, never fails the run, and
 * sends a last time when the run ends. `interval` only keeps the handle: the send happens on
 * the loop's own timer, off the coordinator's path.
 */

/** A failed push; `retryable`: a later attempt may succeed (a network error, 5xx, 429). */
export class PushError extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(message);
    this.retryable = retryable;
  }
}

/** Where a push output sends to, and how it turns the run into one request. */
export interface PushTarget {
  /** The output's name, as `--out` spells it: `prometheus-rw`, `otlp`. */
  readonly kind: string;
  readonly url: string;
  /** Sends the run as it reads now; rejects with a PushError. */
  send(run: RunData, meta: RunMeta, timeoutMs: number): Promise<void>;
  /** Releases what the target holds (an SDK exporter), after the last push. */
  close?(): Promise<void>;
}

export interface PushOptions {
  /** Between two pushes (default 5 s, as k6's remote write pushes). */
  readonly intervalMs?: number;
  /** Tries per push, the first included (default 3). */
  readonly attempts?: number;
  /** The wait before the first retry, doubled for each next one, with jitter (default 500 ms). */
  readonly backoffMs?: number;
  /** One attempt's limit (default 10 s). */
  readonly timeoutMs?: number;
  /** Where the first failure and the end count are told (default process.stderr). */
  readonly stderr?: TextStream;
}

export const DEFAULT_PUSH_INTERVAL_MS = 5000;

/** How the pushes of a run went: what the end line and the tests read. */
export interface PushStats {
  pushes: number;
  failed: number;
  retries: number;
  lastError: string | undefined;
}

export interface PushOutput extends Output {
  readonly stats: Readonly<PushStats>;
}

/**
 * An output that pushes the run to `target` every `intervalMs`, and once more at the end.
 *
 * @example
 * const output = pushOutput(remoteWriteTarget('http://127.0.0.1:9090/api/v1/write'));
 */
export function pushOutput(target: PushTarget, options: PushOptions = {}): PushOutput {
  const intervalMs = options.intervalMs ?? DEFAULT_PUSH_INTERVAL_MS;
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const stderr = options.stderr ?? process.stderr;
  const stats: PushStats = { pushes: 0, failed: 0, retries: 0, lastError: undefined };
  let meta: RunMeta | undefined;
  let run: RunData | undefined;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let ended = false;
  // Set when the run ends: the push in flight and the last one are done by then, so a
  // receiver that never answers holds the command's exit for one attempt's limit, not for
  // every try of two pushes (a 3 s run used to exit after 36 s).
  let endBy: number | undefined;

  // Hand-written rather than a retry library: a few lines, and the loop must count each try.
  async function pushOnce(): Promise<void> {
    if (run === undefined || meta === undefined) return;
    stats.pushes++;
    for (let attempt = 1; ; attempt++) {
      const left = endBy === undefined ? timeoutMs : Math.min(timeoutMs, endBy - Date.now());
      if (left <= 0) return fail(`no time left: the end of a run waits ${timeoutMs / 1000} s for pushes`);
      try {
        await target.send(run, meta, left);
        return;
      } catch (error) {
        const retryable = !(error instanceof PushError) || error.retryable;
        const wait = backoffMs * 2 ** (attempt - 1);
        const outOfTime = endBy !== undefined && Date.now() + wait >= endBy;
        if (!retryable || attempt >= attempts || outOfTime) {
          fail(error instanceof Error ? error.message : String(error));
          return;
        }
        stats.retries++;
        await new Promise((resolve) => setTimeout(resolve, wait / 2 + Math.random() * (wait / 2)));
      }
    }
  }

  function fail(message: string): void {
    stats.failed++;
    stats.lastError = message;
    if (stats.failed === 1) {
      // the run's last push failing first: there is no test going on to tell about
      const goesOn = ended ? '' : `; the test goes on, pushes go on every ${intervalMs / 1000} s`;
      stderr.write(`${target.kind}: a push to ${target.url} failed: ${message}${goesOn}\n`);
    }
  }

  function tick(): void {
    if (inFlight !== undefined) return; // the last push is still retrying: this one waits for the next tick
    inFlight = pushOnce().finally(() => {
      inFlight = undefined;
    });
  }

  return {
    name: target.kind,
    stats,
    start(given) {
      meta = given;
    },
    interval(view) {
      run = view.run;
      if (timer === undefined) {
        timer = setInterval(tick, intervalMs);
        timer.unref();
      }
    },
    async end() {
      endBy = Date.now() + timeoutMs;
      clearInterval(timer);
      await inFlight;
      ended = true;
      await pushOnce();
      // releasing the exporter is not a push: told, not counted
      await target
        .close?.()
        .catch((error: Error) => stderr.write(`${target.kind}: closing: ${error.message}\n`));
      if (stats.failed > 0) {
        stderr.write(
          `${target.kind}: ${stats.failed} of ${stats.pushes} pushes to ${target.url} failed (last: ${stats.lastError})\n`,
        );
      }
    },
  };
}
