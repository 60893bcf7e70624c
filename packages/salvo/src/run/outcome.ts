import type { Outcome, RunData } from '../results/index.ts';

/** What a finished run did, as the verdict needs it. */
export interface RunActivity {
  readonly requests: number;
  /** Requests http_req_failed counted as failed (errors, and statuses the test did not expect). */
  readonly failedRequests: number;
  readonly iterations: number;
  /** Errors by kind, most first: `tls 977, timeout 3`. */
  readonly errorKinds: string;
  /** A quick run (`--url`) exists to send requests; a test file may make none on purpose. */
  readonly meantToRequest: boolean;
}

export function runActivity(run: RunData, durationMs: number, meantToRequest: boolean): RunActivity {
  const values = (metric: string) =>
    run.cumulative.query(metric, {}, durationMs)?.values as Record<string, number> | undefined;
  const byKind = new Map<string, number>();
  for (const { kind, count } of run.errors()) byKind.set(kind, (byKind.get(kind) ?? 0) + count);
  return {
    requests: values('http_reqs')?.count ?? 0,
    // a rate's "passes" are its true samples: for http_req_failed, the failed requests
    failedRequests: values('http_req_failed')?.passes ?? 0,
    iterations: values('iterations')?.count ?? 0,
    errorKinds: [...byKind]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', '),
    meantToRequest,
  };
}

/**
 * Why a run that went to its end succeeded at nothing, or undefined when something
 * succeeded: every request failed, the run made no request though it was meant to, or it
 * ran no iteration and made no request at all. A test of script logic only (iterations,
 * no HTTP) is not "nothing".
 */
export function nothingSucceeded(activity: RunActivity): string | undefined {
  const { requests, failedRequests, iterations, errorKinds, meantToRequest } = activity;
  if (requests > 0 && failedRequests >= requests) {
    return `no request succeeded: all ${requests} failed${errorKinds ? ` (${errorKinds})` : ''}`;
  }
  if (requests === 0 && iterations === 0) return 'the run did nothing: 0 iterations, 0 requests';
  if (requests === 0 && meantToRequest)
    return `no request succeeded: none was made in ${iterations} iterations`;
  return undefined;
}

/**
 * The outcome of a run and why. A run stopped from outside (a signal, an abortOnFail
 * threshold, a failed runner) keeps that outcome; one that went to its end fails when
 * nothing succeeded, then when a threshold failed or saw no data.
 */
export function decideOutcome(
  ended: { readonly outcome: Outcome; readonly reason: string | undefined },
  thresholds: { readonly anyFailed: boolean; readonly noData: readonly string[] },
  activity: RunActivity,
): { outcome: Outcome; reason: string | undefined } {
  if (ended.outcome !== 'passed') return ended;
  const nothing = nothingSucceeded(activity);
  if (nothing) return { outcome: 'nothing_succeeded', reason: nothing };
  if (!thresholds.anyFailed) return { outcome: 'passed', reason: undefined };
  const [first, ...more] = thresholds.noData;
  const noData =
    first && `threshold ${first} saw no data${more.length > 0 ? `, and ${more.length} more` : ''}`;
  return { outcome: 'thresholds_crossed', reason: noData };
}
