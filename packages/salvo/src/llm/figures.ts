/**
 * The serving figures of one LLM call, defined as vLLM's benchmark_serving defines them
 * (vllm/benchmarks/serve.py, calculate_metrics; docs/llm.md has the formulas):
 *
 *   TTFT  = t(first token chunk) − t(start)
 *   ITL   = t(chunk i) − t(chunk i−1), for every token chunk after the first
 *   E2EL  = t(last chunk) − t(start)  (vLLM's latency: its most recent chunk's time)
 *   TPOT  = (E2EL − TTFT) / (output tokens − 1), only when output tokens > 1
 *   tokens/s (per call, llmperf's) = output tokens / E2EL in seconds
 *
 * Pure: times in, figures out.
 */

export interface CallTimes {
  /** Monotonic ms when the call started (before the request was sent). */
  readonly startMs: number;
  /** Arrival times of the chunks that carried output, in order; empty when not streamed. */
  readonly tokenChunksMs: readonly number[];
  /** When the answer was complete: the last chunk's arrival (streamed), the body's end (not). */
  readonly endMs: number;
  readonly outputTokens: number;
  readonly streamed: boolean;
}

export interface CallFigures {
  /** Streamed calls only. */
  readonly ttftMs: number | undefined;
  readonly itlMs: readonly number[];
  /** Streamed calls with more than one output token only. */
  readonly tpotMs: number | undefined;
  readonly latencyMs: number;
  readonly tokensPerSecond: number;
}

export function callFigures(times: CallTimes): CallFigures {
  const latencyMs = times.endMs - times.startMs;
  const chunks = times.tokenChunksMs;
  const first = chunks[0];
  const ttftMs = times.streamed && first !== undefined ? first - times.startMs : undefined;
  const itlMs: number[] = [];
  for (let i = 1; i < chunks.length; i++) itlMs.push(chunks[i]! - chunks[i - 1]!);
  const tpotMs =
    ttftMs !== undefined && times.outputTokens > 1
      ? (latencyMs - ttftMs) / (times.outputTokens - 1)
      : undefined;
  const tokensPerSecond = latencyMs > 0 ? times.outputTokens / (latencyMs / 1000) : 0;
  return { ttftMs, itlMs, tpotMs, latencyMs, tokensPerSecond };
}

/** Service-level objectives in ms: a call is good when it meets every one given. */
export interface Slo {
  readonly ttftMs?: number;
  readonly tpotMs?: number;
  readonly latencyMs?: number;
}

/**
 * vLLM's goodput rule: every SLO given is met (value ≤ bound). A call of one output token
 * has TPOT 0 for this purpose, as in vLLM; a call that was not streamed has its first token
 * at its end (TTFT = E2EL); a failed call is never good.
 */
export function meetsSlo(figures: CallFigures, slo: Slo): boolean {
  if (slo.ttftMs !== undefined && (figures.ttftMs ?? figures.latencyMs) > slo.ttftMs) return false;
  if (slo.tpotMs !== undefined && (figures.tpotMs ?? 0) > slo.tpotMs) return false;
  if (slo.latencyMs !== undefined && figures.latencyMs > slo.latencyMs) return false;
  return true;
}
