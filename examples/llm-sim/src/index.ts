/**
 * @salvo/llm-sim: an Ollama-compatible LLM server simulator with configurable time to first token,
 * tokens per second, jitter, error rate and concurrency, so LLM-backed services can be load tested
 * without a GPU.
 *
 * @example
 * import { Ollama } from 'ollama';
 * import { startLlmSim } from '@salvo/llm-sim';
 * const sim = await startLlmSim({ models: { 'llama3.2': { timeToFirstTokenMs: 200, tokensPerSecond: 50 } } });
 * const ollama = new Ollama({ host: sim.url });
 * const { response } = await ollama.generate({ model: 'llama3.2', prompt: 'Hello', stream: false });
 * await sim.close();
 */
export { SIM_VERSION } from './catalog.ts';
export { DEFAULT_MODELS, DEFAULT_PROFILE, type ModelProfile } from './profiles.ts';
export { type LlmSim, type LlmSimOptions, type LlmSimStats, startLlmSim } from './server.ts';
export { SIMULATOR_MARK } from './text.ts';
