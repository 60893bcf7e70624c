/**
 * The service's own metrics beside the client's (`--scrape URL`, docs/scrape.md): the
 * coordinator polls Prometheus endpoints during the run and keeps the series that explain
 * latency in the results' `server` section.
 *
 * @example
 * const scraping = startScraping(plan.scrape, { runStartMs, warn: (line) => process.stderr.write(`salvo: ${line}\n`) });
 * // ... the run ...
 * await scraping.finish(); // scraping.section is the document's `server`
 */
export { type ExpositionError, type MetricFamily, parseExposition } from './exposition.ts';
export { MAX_SERIES_PER_TARGET, type Scraping, startScraping } from './scraper.ts';
