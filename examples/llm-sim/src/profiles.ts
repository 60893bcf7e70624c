/** How one simulated model behaves. Times are per request; jitter spreads them uniformly by ±fraction. */
export interface ModelProfile {
  /** Time from getting a generation slot to the first token, in ms. */
  timeToFirstTokenMs: number;
  /** Generation speed after the first token. */
  tokensPerSecond: number;
  /** 0..1: each delay is drawn uniformly from base × (1 ± jitter). */
  jitter: number;
  /** 0..1: fraction of requests answered with HTTP 500 {"error": ...} (decided by the seeded RNG). */
  errorRate: number;
  /** Requests generated at once; more wait in a FIFO queue, as OLLAMA_NUM_PARALLEL does. */
  maxConcurrency: number;
  /** Natural answer length in tokens when options.num_predict does not cut it shorter. */
  maxTokens?: number;
  /** Requests allowed to wait; beyond it the answer is 503, as OLLAMA_MAX_QUEUE does. */
  maxQueue?: number;
  /** Length of the vectors /api/embed and /api/embeddings answer. */
  embeddingDimensions?: number;
}

/** A profile with every field filled in. */
export type ResolvedProfile = Required<ModelProfile>;

export const DEFAULT_PROFILE: ResolvedProfile = {
  timeToFirstTokenMs: 150,
  tokensPerSecond: 60,
  jitter: 0.1,
  errorRate: 0,
  maxConcurrency: 4,
  maxTokens: 120,
  maxQueue: 512,
  embeddingDimensions: 768,
};

/** The models served when startLlmSim gets no `models`: a default-sized one, a fast one and a slow big one. */
export const DEFAULT_MODELS: Readonly<Record<string, Partial<ModelProfile>>> = {
  'llama3.2': {},
  'sim-small': { timeToFirstTokenMs: 50, tokensPerSecond: 150, maxConcurrency: 8, maxTokens: 80 },
  'sim-large': { timeToFirstTokenMs: 600, tokensPerSecond: 15, maxConcurrency: 2, maxTokens: 200 },
};

/** Ollama names without a tag mean `:latest`. */
export function normalizeModelName(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

function check(ok: boolean, model: string, message: string): void {
  if (!ok) throw new Error(`llm-sim: model "${model}": ${message}`);
}

function isInt(value: number): boolean {
  return Number.isSafeInteger(value);
}

/** Fills a partial profile with defaults and rejects impossible values with a one-line error. */
export function resolveProfile(model: string, partial: Partial<ModelProfile>): ResolvedProfile {
  const profile: ResolvedProfile = { ...DEFAULT_PROFILE };
  for (const [key, value] of Object.entries(partial)) {
    if (value === undefined) continue;
    check(key in DEFAULT_PROFILE, model, `unknown profile field "${key}"`);
    check(typeof value === 'number' && Number.isFinite(value), model, `${key} must be a finite number`);
    (profile as Record<string, number>)[key] = value;
  }
  check(profile.timeToFirstTokenMs >= 0, model, 'timeToFirstTokenMs must be >= 0');
  check(profile.tokensPerSecond > 0, model, 'tokensPerSecond must be > 0');
  check(profile.jitter >= 0 && profile.jitter <= 1, model, 'jitter must be within 0..1');
  check(profile.errorRate >= 0 && profile.errorRate <= 1, model, 'errorRate must be within 0..1');
  check(
    isInt(profile.maxConcurrency) && profile.maxConcurrency >= 1,
    model,
    'maxConcurrency must be an integer >= 1',
  );
  check(isInt(profile.maxTokens) && profile.maxTokens >= 1, model, 'maxTokens must be an integer >= 1');
  check(isInt(profile.maxQueue) && profile.maxQueue >= 0, model, 'maxQueue must be an integer >= 0');
  check(
    isInt(profile.embeddingDimensions) && profile.embeddingDimensions >= 1,
    model,
    'embeddingDimensions must be an integer >= 1',
  );
  return profile;
}

/** Resolves a model table, keyed by normalized name. */
export function resolveModels(models: Record<string, Partial<ModelProfile>>): Map<string, ResolvedProfile> {
  const resolved = new Map<string, ResolvedProfile>();
  for (const [name, partial] of Object.entries(models)) {
    if (name.trim() === '') throw new Error('llm-sim: a model name must not be empty');
    resolved.set(normalizeModelName(name), resolveProfile(name, partial));
  }
  if (resolved.size === 0) throw new Error('llm-sim: at least one model is required');
  return resolved;
}
