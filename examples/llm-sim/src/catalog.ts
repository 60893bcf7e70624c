import { createHash } from 'node:crypto';
import type { ResolvedProfile } from './profiles.ts';

/** The simulator's own version, marked so that /api/version says what answers. */
export const SIM_VERSION = '0.1.0-salvo-llm-sim';

const FAMILY = 'salvo-llm-sim';

/** The parts of /api/tags and /api/show that describe one model. */
export interface CatalogEntry {
  name: string;
  profile: ResolvedProfile;
  sizeBytes: number;
  modifiedAt: string;
}

function details() {
  return {
    parent_model: '',
    format: 'simulated',
    family: FAMILY,
    families: [FAMILY],
    parameter_size: 'simulated',
    quantization_level: 'none',
  };
}

function digest(entry: CatalogEntry): string {
  return createHash('sha256')
    .update(`${entry.name}\n${JSON.stringify(entry.profile)}`)
    .digest('hex');
}

/** GET /api/tags */
export function tagsBody(entries: readonly CatalogEntry[]) {
  return {
    models: entries.map((entry) => ({
      name: entry.name,
      model: entry.name,
      modified_at: entry.modifiedAt,
      size: entry.sizeBytes,
      digest: digest(entry),
      details: details(),
    })),
  };
}

/** The context length /api/ps reports for every loaded model. */
const CONTEXT_LENGTH = 4096;

/** GET /api/ps: the loaded models and when each unloads; all "in VRAM". */
export function psBody(loaded: ReadonlyArray<{ entry: CatalogEntry; expiresAtMs: number }>) {
  return {
    models: loaded.map(({ entry, expiresAtMs }) => ({
      name: entry.name,
      model: entry.name,
      size: entry.sizeBytes,
      digest: digest(entry),
      details: details(),
      expires_at: new Date(expiresAtMs).toISOString(),
      size_vram: entry.sizeBytes,
      context_length: CONTEXT_LENGTH,
    })),
  };
}

/** POST /api/show */
export function showBody(entry: CatalogEntry) {
  const { profile } = entry;
  return {
    license: '',
    modelfile: `# Simulated by salvo-llm-sim: no weights, a Markov chain over a public-domain corpus.\nFROM ${entry.name}\n`,
    parameters: `num_predict ${profile.maxTokens}`,
    template: '{{ .Prompt }}',
    system: '',
    details: details(),
    model_info: {
      'general.architecture': FAMILY,
      'general.basename': entry.name,
      'salvo-llm-sim.time_to_first_token_ms': profile.timeToFirstTokenMs,
      'salvo-llm-sim.tokens_per_second': profile.tokensPerSecond,
      'salvo-llm-sim.jitter': profile.jitter,
      'salvo-llm-sim.error_rate': profile.errorRate,
      'salvo-llm-sim.max_concurrency': profile.maxConcurrency,
      'salvo-llm-sim.max_queue': profile.maxQueue,
      'salvo-llm-sim.embedding_length': profile.embeddingDimensions,
    },
    capabilities: ['completion', 'tools', 'thinking'],
    modified_at: entry.modifiedAt,
  };
}
