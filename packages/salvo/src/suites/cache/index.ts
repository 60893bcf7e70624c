/**
 * `salvo cache`: cold against warm requests per key, the speed-up with its interval, the hit ratio.
 *
 * @example
 * const doc = await runCache({ request, keys: ['a', 'b'], warmRequests: 10, scrape: undefined, http });
 * process.stdout.write(cacheSummary(doc));
 */

export { type CacheSettings, KEY_PLACEHOLDER, runCache } from './cache.ts';
export { cacheKeyLine, cacheSummary } from './cache-text.ts';
export { CACHE_SCHEMA, CACHE_VERSION, type CacheDocument, type CacheKeyResult } from './document.ts';
