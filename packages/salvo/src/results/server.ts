/**
 * The service's own metrics, scraped from its Prometheus endpoints during the run
 * (`--scrape URL`, docs/scrape.md): the results document's `server` section. Times are ms
 * since the run's start, the axis of `series.t`, so a chart draws both on one axis.
 */

/** What a series shows: a rate, a percentile, a value, a ratio, or time spent per second. */
export type ServerStat = 'rate' | 'p50' | 'p95' | 'p99' | 'value' | 'ratio' | 'busy';

/** One scraped endpoint and how its scrapes went. */
export interface ServerTarget {
  url: string;
  intervalMs: number;
  /** Scrapes tried, and how many of them failed (refused, timeout, not 2xx, not the format). */
  scrapes: number;
  failures: number;
  /** The last failure's message, e.g. `HTTP 500` or `connection refused`. */
  lastError?: string;
  /** The window the `run` and `total` figures cover: the first and last good scrapes. */
  firstMs?: number;
  lastMs?: number;
  /** Series not kept because the target had `maxSeries` already (docs/scrape.md). */
  droppedSeries: number;
}

/** One derived series of one target, e.g. p95 of http_request_duration_seconds{route="/"}. */
export interface ServerSeries {
  /** The target's url (a series is one target's). */
  target: string;
  /** The Prometheus metric family it comes from. */
  name: string;
  stat: ServerStat;
  labels: Record<string, string>;
  /** `req/s`, `/s`, `cores` (rates); `ms` (percentiles of seconds); `bytes`, `s`, '' (values); `ratio`; `s/s` (busy). */
  unit: string;
  /**
   * `[tMs, value]` at each scrape: tMs since the run's start; a rate, percentile, ratio or
   * busy figure is over the window from the previous good scrape. No point where there
   * was nothing to compute (no request on a route in that window).
   */
  points: [number, number][];
  /** The stat over the whole run (firstMs to lastMs of its target), when there is one. */
  run?: number;
  /** `rate` series: the counter's increase over the whole run (the requests a route served). */
  total?: number;
}

export interface ServerSection {
  targets: ServerTarget[];
  /** Series in the order first seen; each only grows (points appended), never reordered. */
  series: ServerSeries[];
}

/**
 * The points added since a reader last looked: `seen[i]` is how many points of series i it
 * has (missing: none). Series new since then come whole. What a live view sends each second.
 *
 * @example
 * const tail = serverTail(run.server()!, seen); // then: seen = run.server()!.series.map((s) => s.points.length)
 */
export function serverTail(section: ServerSection, seen: readonly number[]): ServerSection {
  return {
    targets: section.targets,
    series: section.series.map((series, index) => ({
      ...series,
      points: series.points.slice(seen[index] ?? 0),
    })),
  };
}
