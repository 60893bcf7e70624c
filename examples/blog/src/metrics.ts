import { createMetrics, type Metrics } from '@salvo/instrument';
import type { DraftMetrics } from './ai/draft-service.ts';

export const DRAFT_CACHE_NAME = 'drafts';

/** Generation time: 60 s is the default generation timeout, so the last bucket edge is 60. */
const GENERATION_BUCKETS_S = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 45, 60];

type Counter = ReturnType<Metrics['counter']>;
type Gauge = ReturnType<Metrics['gauge']>;

export interface BlogMetrics {
  instrument: Metrics;
  registrations: Counter;
  postsCreated: Counter;
  activeSessions: Gauge;
  drafts: DraftMetrics;
}

/** The instrument's HTTP/DB/cache metrics plus the blog's business metrics, on one registry. */
export function createBlogMetrics(): BlogMetrics {
  const instrument = createMetrics({ commonLabels: { service: 'blog' } });
  const generationSeconds = instrument.histogram({
    name: 'ai_generation_seconds',
    help: 'Time to generate a draft with the model (successful generations), in seconds',
    labelNames: ['model'] as const,
    buckets: GENERATION_BUCKETS_S,
  });
  const inferences = instrument.counter({
    name: 'ai_inferences_total',
    help: 'Model calls by outcome (success, error, cancelled); cache hits make no model call',
    labelNames: ['model', 'outcome'] as const,
  });
  return {
    instrument,
    registrations: instrument.counter({ name: 'user_registrations_total', help: 'Accounts registered' }),
    postsCreated: instrument.counter({ name: 'posts_created_total', help: 'Posts created' }),
    activeSessions: instrument.gauge({ name: 'active_sessions', help: 'Unexpired login sessions' }),
    drafts: {
      observeGeneration: (model, seconds) => generationSeconds.observe({ model }, seconds),
      countInference: (model, outcome) => inferences.inc({ model, outcome }),
      cacheHit: () => instrument.cacheHit(DRAFT_CACHE_NAME),
      cacheMiss: () => instrument.cacheMiss(DRAFT_CACHE_NAME),
    },
  };
}
