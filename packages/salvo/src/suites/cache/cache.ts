import { SalvoError } from '../../errors.ts';
import type { ResultsDocument } from '../../results/index.ts';
import { median, ratioOfMediansInterval } from '../../stats/index.ts';
import { SuiteRun, stepFigures } from '../step/index.ts';
import { suiteMeta } from '../suite-meta.ts';
import type { StepHttp, UrlRequest } from '../target.ts';
import {
  CACHE_SCHEMA,
  CACHE_VERSION,
  type CacheDocument,
  type CacheKeyResult,
  type HitRatio,
} from './document.ts';
import { type HitCounts, readHitCounts } from './hit-counters.ts';
import { durationSamplesMs } from './warm-samples.ts';

/** Where a key goes in the request: every `{key}` of the URL (percent-encoded) and of the body (as it is). */
export const KEY_PLACEHOLDER = '{key}';

export interface CacheSettings {
  /** The request, `{key}` in its URL or body. */
  readonly request: UrlRequest;
  readonly keys: readonly string[];
  /** Warm requests per key, after its cold one. */
  readonly warmRequests: number;
  /** The service's Prometheus endpoint, for the hit ratio. */
  readonly scrape: string | undefined;
  readonly http: StepHttp;
  /** Told each key's result as it comes. */
  readonly onKey?: (result: CacheKeyResult) => void;
}

function requestForKey(request: UrlRequest, key: string): UrlRequest {
  return {
    ...request,
    url: request.url.replaceAll(KEY_PLACEHOLDER, encodeURIComponent(key)),
    body: request.body?.replaceAll(KEY_PLACEHOLDER, key),
  };
}

/**
 * `salvo cache`: per key, one cold request, then `warmRequests` warm ones one after
 * another (one VU: each finds the previous one's entry in the cache), each a run on the
 * engine; then the speed-up with its bootstrap interval and, with `scrape`, the hit ratio
 * the service counted (docs/suites.md).
 */
export async function runCache(settings: CacheSettings): Promise<CacheDocument> {
  const startedAtMs = Date.now();
  const before = settings.scrape ? await countsOrFail(settings.scrape) : undefined;
  const suite = new SuiteRun(1);
  const results: CacheKeyResult[] = [];
  const coldSamples: number[] = [];
  const warmSamples: number[] = [];
  try {
    for (const key of settings.keys) {
      if (suite.stopped) break;
      const request = requestForKey(settings.request, key);
      const step = (iterations: number) =>
        suite.step({
          source: {
            kind: 'quick',
            options: {
              ...request,
              vus: 1,
              iterations,
              duration: undefined,
              rate: undefined,
              maxVUs: undefined,
              transport: settings.http.transport,
              insecureSkipTLSVerify: settings.http.insecureSkipTLSVerify,
            },
            overrides: settings.http.timeout === undefined ? {} : { timeout: settings.http.timeout },
          },
          label: request.url,
        });
      const cold = await step(1);
      if (cold === undefined) break;
      const coldFigures = stepFigures(cold);
      if (coldFigures.requests === 0 || coldFigures.failures > 0) {
        results.push(
          report(settings, {
            key,
            status: 'cold_failed',
            coldMs: coldFigures.p50Ms,
            coldError: firstError(cold),
            warm: null,
            speedUp: null,
          }),
        );
        continue;
      }
      const coldMs = coldFigures.p50Ms!;
      const warm = suite.stopped ? undefined : await step(settings.warmRequests);
      const warmFigures = warm && stepFigures(warm);
      const samples = warm ? durationSamplesMs(warm) : [];
      coldSamples.push(coldMs);
      warmSamples.push(...samples);
      const warmP50 = warmFigures?.p50Ms ?? null;
      results.push(
        report(settings, {
          key,
          status: 'ok',
          coldMs,
          warm: warmFigures
            ? {
                count: warmFigures.requests,
                failures: warmFigures.failures,
                p50Ms: warmFigures.p50Ms,
                p95Ms: warmFigures.p95Ms,
                p99Ms: warmFigures.p99Ms,
              }
            : null,
          speedUp: warmP50 !== null && warmP50 > 0 ? coldMs / warmP50 : null,
        }),
      );
    }
  } finally {
    suite.close();
  }
  // read after the measuring: a failure now loses the hit ratio, not what was measured
  const after = settings.scrape
    ? await readHitCounts(settings.scrape).catch(warnUnread(settings.scrape))
    : undefined;
  return {
    schema: CACHE_SCHEMA,
    version: CACHE_VERSION,
    meta: {
      ...suiteMeta(settings.request.url, startedAtMs, suite.ending),
      method: settings.request.method,
      warmRequests: settings.warmRequests,
    },
    keys: results,
    overall:
      coldSamples.length === 0 || warmSamples.length === 0
        ? null
        : {
            coldMedianMs: median(coldSamples),
            warmMedianMs: median(warmSamples),
            speedUp: ratioOfMediansInterval(coldSamples, warmSamples) ?? null,
          },
    hitRatio: before && after ? hitRatio(settings.scrape!, before, after) : null,
  };
}

function report(settings: CacheSettings, result: CacheKeyResult): CacheKeyResult {
  settings.onKey?.(result);
  return result;
}

/** The first error of a step as `kind: sample`, or why there is none. */
function firstError(doc: ResultsDocument): string {
  const [error] = doc.errors;
  return error ? `${error.kind}: ${error.sample}` : 'no request completed';
}

function hitRatio(source: string, before: HitCounts, after: HitCounts): HitRatio {
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  return { source, hits, misses, ratio: hits + misses === 0 ? null : hits / (hits + misses) };
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error));

/** Before the first request: a --scrape URL that does not answer is a usage error, nothing has run yet. */
async function countsOrFail(url: string): Promise<HitCounts> {
  try {
    return await readHitCounts(url);
  } catch (error) {
    throw new SalvoError('SALVO_ERR_TARGET', `cannot read the cache counters at ${url}: ${reasonOf(error)}`);
  }
}

function warnUnread(url: string): (error: unknown) => undefined {
  return (error) => {
    process.stderr.write(
      `salvo: no hit ratio: cannot read the cache counters at ${url}: ${reasonOf(error)} [SALVO_ERR_SCRAPE]\n`,
    );
    return undefined;
  };
}
