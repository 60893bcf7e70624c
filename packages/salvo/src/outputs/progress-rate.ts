/** An interval is whole when it spans a full second (run/runner.ts INTERVAL_MS). */
const WHOLE_INTERVAL_MS = 1000;
/** Whole intervals the moving rate spans: smooth enough to read, recent enough to follow a ramp. */
const WINDOW_INTERVALS = 3;

/**
 * Requests per second for the progress line, over the last few whole intervals. The run's
 * last interval is partial (it ends at the stop): its requests over its few milliseconds
 * would read as a spike (10 requests in 30 ms shown as 333 req/s at a real 80), so a
 * partial interval counts only while no whole one has been seen (a run shorter than 1 s).
 *
 * @example
 * const rate = new RecentRate();
 * rate.add(80, 0, 1000);
 * rate.add(10, 1000, 1030);
 * rate.perSecond(); // 80
 */
export class RecentRate {
  readonly #requests: number[] = [];
  readonly #spansMs: number[] = [];
  #partialRequests = 0;
  #partialMs = 0;

  add(requests: number, startMs: number, endMs: number): void {
    const spanMs = endMs - startMs;
    if (spanMs < WHOLE_INTERVAL_MS) {
      this.#partialRequests += requests;
      this.#partialMs += Math.max(0, spanMs);
      return;
    }
    this.#requests.push(requests);
    this.#spansMs.push(spanMs);
    if (this.#requests.length > WINDOW_INTERVALS) {
      this.#requests.shift();
      this.#spansMs.shift();
    }
  }

  perSecond(): number {
    let requests = 0;
    let spanMs = 0;
    for (let i = 0; i < this.#requests.length; i++) {
      requests += this.#requests[i]!;
      spanMs += this.#spansMs[i]!;
    }
    if (spanMs === 0) {
      requests = this.#partialRequests;
      spanMs = this.#partialMs;
    }
    return spanMs > 0 ? requests / (spanMs / 1000) : 0;
  }
}
