import { createMetrics, DEFAULT_EXCLUDE_PATHS, DEFAULT_HTTP_BUCKETS, type Metrics } from '@salvo/instrument';
import type { CacheOp } from './ai/draft-cache.ts';
import type { DraftMetrics } from './ai/draft-service.ts';

export const DRAFT_CACHE_NAME = 'drafts';

/**
 * Generation time: 60 s is the default generation timeout, so the last bucket edge is 60.
 * Half-second edges from 1 to 3 s, where a draft of the simulator or a laptop's Ollama ends:
 * histogram_quantile interpolates inside a bucket, so with only 2 and 5 a 2.2 s draft read
 * as 3.5 s at the median beside the client's 2.2 s (the demo's report sets them side by side).
 */
const GENERATION_BUCKETS_S = [0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 10, 20, 30, 45, 60];
/** Time to first token: tens of milliseconds on a warm GPU, seconds when the model queues or loads. */
const FIRST_TOKEN_BUCKETS_S = [0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 60];

type Counter = ReturnType<Metrics['counter']>;
type Gauge = ReturnType<Metrics['gauge']>;

export interface BlogMetrics {
  instrument: Metrics;
  registrations: Counter;
  postsCreated: Counter;
  activeSessions: Gauge;
  drafts: DraftMetrics;
  /** One Redis command of the draft cache: timed, and counted as an error when it failed. */
  cacheCommand(op: CacheOp, seconds: number, ok: boolean): void;
}

/** Redis commands: sub-millisecond when healthy, the command timeout (0.25 s) when not. */
const CACHE_COMMAND_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5];

/** The instrument's HTTP/DB/cache metrics plus the blog's business metrics, on one registry. */
export function createBlogMetrics(): BlogMetrics {
  const instrument = createMetrics({
    commonLabels: { service: 'blog' },
    // Drafts stream for up to the 60 s generation timeout: the default edges stop at 10 s.
    buckets: [...DEFAULT_HTTP_BUCKETS, 20, 30, 45, 60],
    excludePaths: [...DEFAULT_EXCLUDE_PATHS, '/health/live', '/health/ready'],
  });
  const generationSeconds = instrument.histogram({
    name: 'ai_generation_seconds',
    help: 'Time a model call ran, by outcome (success, error: model error or timeout, cancelled), in seconds',
    labelNames: ['model', 'outcome'] as const,
    buckets: GENERATION_BUCKETS_S,
  });
  const firstTokenSeconds = instrument.histogram({
    name: 'ai_time_to_first_token_seconds',
    help: "Time from the start of a model call to the model's first chunk, in seconds",
    labelNames: ['model'] as const,
    buckets: FIRST_TOKEN_BUCKETS_S,
  });
  const inferences = instrument.counter({
    name: 'ai_inferences_total',
    help: 'Model calls by outcome (success, error, cancelled); cache hits and joined requests make no model call',
    labelNames: ['model', 'outcome'] as const,
  });
  const joined = instrument.counter({
    name: 'ai_inferences_joined_total',
    help: 'Draft requests that waited for the same draft already being generated instead of calling the model',
    labelNames: ['model'] as const,
  });
  const cacheSeconds = instrument.histogram({
    name: 'cache_operation_seconds',
    help: 'Draft cache (Redis) commands by operation and outcome (ok, error), in seconds',
    labelNames: ['cache', 'op', 'outcome'] as const,
    buckets: CACHE_COMMAND_BUCKETS_S,
  });
  const cacheErrors = instrument.counter({
    name: 'cache_errors_total',
    help: 'Draft cache (Redis) commands that failed or timed out; the draft went on without the cache',
    labelNames: ['cache', 'op'] as const,
  });
  // Samples from the start, so rate() and absent() work before the first hit, miss or error.
  instrument.cacheHit(DRAFT_CACHE_NAME, 0);
  instrument.cacheMiss(DRAFT_CACHE_NAME, 0);
  for (const op of ['get', 'set'] as const) cacheErrors.inc({ cache: DRAFT_CACHE_NAME, op }, 0);
  return {
    instrument,
    cacheCommand: (op, seconds, ok) => {
      cacheSeconds.observe({ cache: DRAFT_CACHE_NAME, op, outcome: ok ? 'ok' : 'error' }, seconds);
      if (!ok) cacheErrors.inc({ cache: DRAFT_CACHE_NAME, op });
    },
    registrations: instrument.counter({ name: 'user_registrations_total', help: 'Accounts registered' }),
    postsCreated: instrument.counter({ name: 'posts_created_total', help: 'Posts created' }),
    activeSessions: instrument.gauge({ name: 'active_sessions', help: 'Unexpired login sessions' }),
    drafts: {
      observeInference: (model, outcome, seconds) => {
        generationSeconds.observe({ model, outcome }, seconds);
        inferences.inc({ model, outcome });
      },
      observeFirstToken: (model, seconds) => firstTokenSeconds.observe({ model }, seconds),
      joinedInference: (model) => joined.inc({ model }),
      cacheHit: () => instrument.cacheHit(DRAFT_CACHE_NAME),
      cacheMiss: () => instrument.cacheMiss(DRAFT_CACHE_NAME),
    },
  };
}
