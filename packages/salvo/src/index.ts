// The public types use Node's own (Buffer): the emitted declarations keep this reference.
/// <reference types="node" preserve="true" />
/**
 * Salvo's public face for test files.
 *
 * @example
 * import { defineTest, Trend } from 'salvo';
 *
 * const cartTime = new Trend('cart_time', true); // custom metrics: at the top level
 *
 * export default defineTest({
 *   vus: 10,
 *   duration: '30s',
 *   thresholds: { http_req_duration: ['p(95)<200'], cart_time: ['p(95)<500'] },
 *   exec: async (vu) => {
 *     const res = await vu.http.get('http://127.0.0.1:8080/');
 *     vu.check(res, { 'status is 200': (r) => r.status === 200 });
 *     await vu.group('cart', async () => {
 *       const cart = await vu.http.get('http://127.0.0.1:8080/cart');
 *       cartTime.add(cart.timings.duration);
 *     });
 *   },
 * });
 */
import type { TestDefinition } from './plan/types.ts';

/** Declares a test: returns its argument, typed, so the editor guides every option. */
export function defineTest(definition: TestDefinition): TestDefinition {
  return definition;
}

export { Feed, type FeedMode, type FeedOptions, feed } from './feed/index.ts';
export type { CookieJar, HttpClient, RequestParams, Response, ResponseTimings } from './http/api.ts';
export type {
  NdjsonParams,
  SseEvent,
  SseParams,
  Stream,
  StreamOutcome,
  StreamParams,
} from './http/streams/index.ts';
export type { ErrorKind } from './http/types.ts';
export {
  type ChatMessage,
  type ChatOptions,
  type GenerateOptions,
  type LlmApi,
  type LlmCallOptions,
  type LlmClient,
  type LlmResult,
  type Prompt,
  type PromptRow,
  promptDataset,
  type SloInput,
} from './llm/index.ts';
export { Counter, Gauge, Rate, Trend } from './metrics/custom.ts';
export { textSummary } from './outputs/summary.ts';
export { between, constant, constantPacing } from './plan/think.ts';
export type {
  Behaviour,
  ExecutorConfig,
  HttpOptionsInput,
  ScenarioDefinition,
  Stage,
  SummaryHookResult,
  Task,
  TestDefinition,
  ThinkTime,
  ThresholdObject,
  VU,
  VUFunction,
} from './plan/types.ts';
export type { ResultsDocument } from './results/index.ts';
export type { WsClient, WsHandlers, WsSessionResult, WsSocket } from './ws/index.ts';
