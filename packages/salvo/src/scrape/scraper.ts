import type { ScrapeTarget } from '../plan/plan.ts';
import type { ServerSection, ServerTarget } from '../results/index.ts';
import { ExpositionError, parseExposition } from './exposition.ts';
import { ScrapeFailure, TextFetcher } from './fetch-text.ts';
import { BUILT_IN_RULES, keptRule, readScrape } from './readings.ts';
import { TargetSeries } from './server-series.ts';

/** At most this many series per target (docs/scrape.md): a label per user id must not grow the results. */
export const MAX_SERIES_PER_TARGET = 200;

export interface ScrapeOptions {
  /** The run's start (epoch ms): point times are ms since it, the axis of `series.t`. */
  readonly runStartMs: number;
  /** Told once per target, at its first failure: one line for stderr. */
  readonly warn: (line: string) => void;
  readonly maxSeries?: number;
}

export interface Scraping {
  /** The live `server` section: targets' counts and series, growing as scrapes land. */
  readonly section: ServerSection;
  /** Stops the schedule and scrapes each target once more, so the last window ends with the load. */
  finish(): Promise<void>;
}

/**
 * Scrapes every target now (the baseline that increases count from), then every
 * `intervalMs` on a grid from the run's start, from the coordinator's thread and never
 * from a runner. A failed scrape is counted, never thrown: the run goes on without it.
 */
export function startScraping(targets: readonly ScrapeTarget[], options: ScrapeOptions): Scraping {
  const section: ServerSection = { targets: [], series: [] };
  const fetcher = new TextFetcher();
  const wakers = new Set<() => void>();
  let stopped = false;
  const scrapers = targets.map((target) => {
    const status: ServerTarget = {
      url: target.url,
      intervalMs: target.intervalMs,
      scrapes: 0,
      failures: 0,
      droppedSeries: 0,
    };
    section.targets.push(status);
    const series = new TargetSeries(status, section, options.maxSeries ?? MAX_SERIES_PER_TARGET);
    const rules = [...BUILT_IN_RULES, ...target.keep.map(keptRule)];
    const url = new URL(target.url);
    const scrapeOnce = async (): Promise<void> => {
      const startedMs = Date.now();
      status.scrapes++;
      try {
        const text = await fetcher.get(url, target.timeoutMs);
        series.add(startedMs - options.runStartMs, readScrape(parseExposition(text), rules));
      } catch (error) {
        status.failures++;
        status.lastError = failureMessage(error);
        if (status.failures === 1) {
          options.warn(
            `scrape of ${target.url} failed: ${status.lastError}; the run goes on, failed scrapes are counted [SALVO_ERR_SCRAPE]`,
          );
        }
      }
    };
    const loop = async (): Promise<void> => {
      await scrapeOnce();
      while (!stopped) {
        // the next tick of the grid (the first one a whole interval after the start)
        const ticks = Math.max(1, Math.floor((Date.now() - options.runStartMs) / target.intervalMs) + 1);
        const next = options.runStartMs + ticks * target.intervalMs;
        await sleepUntil(next, wakers);
        if (!stopped) await scrapeOnce();
      }
    };
    return { scrapeOnce, running: loop() };
  });
  return {
    section,
    async finish() {
      stopped = true;
      for (const wake of wakers) wake();
      await Promise.all(scrapers.map(({ running }) => running));
      await Promise.all(scrapers.map(({ scrapeOnce }) => scrapeOnce()));
      fetcher.close();
    },
  };
}

/** Sleeps until `atMs` (epoch), or until one of `wakers` is called. */
function sleepUntil(atMs: number, wakers: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      wakers.delete(wake);
      resolve();
    };
    const timer = setTimeout(wake, Math.max(0, atMs - Date.now()));
    wakers.add(wake);
  });
}

function failureMessage(error: unknown): string {
  if (error instanceof ScrapeFailure) return error.message;
  if (error instanceof ExpositionError) return `not Prometheus text format: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
