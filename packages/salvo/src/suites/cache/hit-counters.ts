import { parseExposition } from '../../scrape/index.ts';

/** Counters of the instrument's cache helpers (packages/instrument), summed over their labels. */
const HITS = 'cache_hits_total';
const MISSES = 'cache_misses_total';

export interface HitCounts {
  readonly hits: number;
  readonly misses: number;
}

/**
 * Reads the service's cache counters from its Prometheus endpoint. The suite reads them
 * before its first request and after its last: the difference is what its own requests
 * hit and missed (plus any other traffic the service had meanwhile, which it cannot tell).
 */
export async function readHitCounts(url: string, timeoutMs = 10_000): Promise<HitCounts> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  let hits = 0;
  let misses = 0;
  for (const family of parseExposition(await response.text()).values()) {
    for (const sample of family.samples) {
      if (sample.name === HITS) hits += sample.value;
      else if (sample.name === MISSES) misses += sample.value;
    }
  }
  return { hits, misses };
}
