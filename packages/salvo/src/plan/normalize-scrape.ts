import { Problems } from '../errors.ts';
import type { ScrapeTarget } from './plan.ts';
import { definitionError, durationMs, rejectUnknownKeys } from './validate.ts';

export const DEFAULT_SCRAPE_INTERVAL_MS = 2000;
/** Faster than this, scraping a large /metrics page costs the service more than it tells. */
const MIN_SCRAPE_INTERVAL_MS = 250;
const MAX_DEFAULT_TIMEOUT_MS = 10_000;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * The test's `scrape` list: each entry a URL or `{ url, interval, timeout, keep }`. Every
 * bad entry is its own problem, named by its path (`scrape[1].interval`).
 *
 * @example
 * normalizeScrape(['http://127.0.0.1:3000/metrics']); // [{ url, intervalMs: 2000, timeoutMs: 2000, keep: [] }]
 */
export function normalizeScrape(value: unknown): ScrapeTarget[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw definitionError('scrape', 'must be a list of URLs or { url, interval, keep }');
  const problems = new Problems();
  const targets = value.map((entry: unknown, index) =>
    problems.check(() =>
      normalizeTarget(typeof entry === 'string' ? { url: entry } : entry, `scrape[${index}]`),
    ),
  );
  problems.throwIfAny();
  return targets;
}

function normalizeTarget(entry: unknown, path: string): ScrapeTarget {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    throw definitionError(path, 'must be a URL or { url, interval, timeout, keep }');
  const problems = new Problems();
  problems.check(() => rejectUnknownKeys(entry, path, ['url', 'interval', 'timeout', 'keep']));
  const raw = entry as Record<string, unknown>;
  const url = problems.check(() => scrapeUrl(raw.url, `${path}.url`));
  const intervalMs = problems.check(() => {
    const ms = durationMs(raw.interval, `${path}.interval`, DEFAULT_SCRAPE_INTERVAL_MS);
    if (ms < MIN_SCRAPE_INTERVAL_MS)
      throw definitionError(`${path}.interval`, `must be at least ${MIN_SCRAPE_INTERVAL_MS}ms`);
    return ms;
  });
  const timeoutMs = problems.check(() => {
    const ms = durationMs(raw.timeout, `${path}.timeout`, Math.min(intervalMs, MAX_DEFAULT_TIMEOUT_MS));
    if (ms <= 0) throw definitionError(`${path}.timeout`, 'must be longer than 0');
    return ms;
  });
  const keep = problems.check(() => keepList(raw.keep, `${path}.keep`));
  problems.throwIfAny();
  return { url, intervalMs, timeoutMs, keep };
}

/** An absolute http(s) URL. Not only loopback: it is the user's own service, and only read. */
export function scrapeUrl(value: unknown, path: string): string {
  if (typeof value !== 'string' || !URL.canParse(value))
    throw definitionError(path, `must be an absolute URL, got ${JSON.stringify(value)}`);
  const { protocol } = new URL(value);
  if (protocol !== 'http:' && protocol !== 'https:')
    throw definitionError(path, `must be an http: or https: URL, got ${protocol}`);
  return value;
}

function keepList(value: unknown, path: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw definitionError(path, 'must be a list of metric names');
  const problems = new Problems();
  for (const [index, name] of value.entries()) {
    if (typeof name !== 'string' || !METRIC_NAME.test(name))
      problems.add(
        definitionError(`${path}[${index}]`, `must be a Prometheus metric name, got ${JSON.stringify(name)}`),
      );
  }
  problems.throwIfAny();
  return value as string[];
}
