/**
 * The fixed bucket edges of the Prometheus histograms. Fixed, so that every scrape, every
 * run and every series of a metric has the same `le` values and Prometheus can add them
 * (`sum by (le)`) and compare runs. The counts come from the HDR histograms
 * (`countsAtOrBelow`), so they are as exact as the HDR data (within 0.1% of an edge).
 */

/**
 * Time trends, in ms (as the histograms report them): OpenTelemetry's advice for HTTP durations (5 ms to
 * 10 s), finer below it for loopback and LAN targets (100 µs to 2.5 ms), and 30 s and 60 s
 * for long iterations and groups and requests that run into a timeout.
 */
export const TIME_EDGES_MS: readonly number[] = [
  0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1_000, 2_500, 5_000, 7_500, 10_000, 30_000,
  60_000,
];

/** Trends of plain numbers (a custom Trend without isTime): 1, 2, 5, 10, … up to 1e9. */
export const PLAIN_EDGES: readonly number[] = Array.from(
  { length: 28 },
  (_, i) => [1, 2, 5][i % 3]! * 10 ** Math.floor(i / 3),
);

/** The `le` label values, in seconds for time trends. */
export const TIME_LE: readonly string[] = TIME_EDGES_MS.map((ms) => String(ms / 1000));
export const PLAIN_LE: readonly string[] = PLAIN_EDGES.map(String);
