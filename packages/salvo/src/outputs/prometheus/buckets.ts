/**
 * The fixed bucket edges of the Prometheus histograms. Fixed, so that every scrape, every
 * run and every series of a metric has the same `le` values and Prometheus can add them
 * (`sum by (le)`) and compare runs. The counts come from the HDR histograms
 * (`countsAtOrBelow`), so they are as exact as the HDR data (within 0.1% of an edge).
 */

/**
 * Time trends, in µs (recorded units): OpenTelemetry's advice for HTTP durations (5 ms to
 * 10 s), finer below it for loopback and LAN targets (100 µs to 2.5 ms), and 30 s and 60 s
 * for long iterations and groups and requests that run into a timeout.
 */
export const TIME_EDGES_US: readonly number[] = [
  100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 75_000, 100_000, 250_000, 500_000, 750_000,
  1_000_000, 2_500_000, 5_000_000, 7_500_000, 10_000_000, 30_000_000, 60_000_000,
];

/** Trends of plain numbers (a custom Trend without isTime): 1, 2, 5, 10, … up to 1e9. */
export const PLAIN_EDGES: readonly number[] = Array.from(
  { length: 28 },
  (_, i) => [1, 2, 5][i % 3]! * 10 ** Math.floor(i / 3),
);

/** The `le` label values, in seconds for time trends. */
export const TIME_LE: readonly string[] = TIME_EDGES_US.map((us) => String(us / 1_000_000));
export const PLAIN_LE: readonly string[] = PLAIN_EDGES.map(String);
