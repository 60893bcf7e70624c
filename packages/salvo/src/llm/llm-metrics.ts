import type { RequestSeries } from '../http/client-metrics.ts';
import { tagsWithoutMethod } from '../http/streams/index.ts';
import type { Recorder, SeriesId, Tags } from '../metrics/types.ts';
import type { CallFigures } from './figures.ts';

export type TokensFrom = 'usage' | 'chunks' | 'none';

/** The series of one kind of call: its request's tags without `method`. */
class LlmSeries {
  readonly ttft: SeriesId;
  readonly itl: SeriesId;
  readonly tpot: SeriesId;
  readonly latency: SeriesId;
  readonly outputTokens: SeriesId;
  readonly inputTokens: SeriesId;
  readonly tokensPerSecond: SeriesId;
  readonly goodput: SeriesId;
  readonly goodRequests: SeriesId;
  readonly requests: Record<TokensFrom, SeriesId>;

  constructor(recorder: Recorder, tags: Tags) {
    this.ttft = recorder.series('llm_ttft', tags);
    this.itl = recorder.series('llm_itl', tags);
    this.tpot = recorder.series('llm_tpot', tags);
    this.latency = recorder.series('llm_request_latency', tags);
    this.outputTokens = recorder.series('llm_output_tokens', tags);
    this.inputTokens = recorder.series('llm_input_tokens', tags);
    this.tokensPerSecond = recorder.series('llm_tokens_per_second', tags);
    this.goodput = recorder.series('llm_goodput', tags);
    this.goodRequests = recorder.series('llm_good_requests', tags);
    const requests = (from: TokensFrom) => recorder.series('llm_requests', { ...tags, tokens_from: from });
    this.requests = { usage: requests('usage'), chunks: requests('chunks'), none: requests('none') };
  }
}

/** Records LLM calls; series made once per request series. */
export class LlmMetrics {
  private readonly recorder: Recorder;
  private readonly cache = new WeakMap<RequestSeries, LlmSeries>();

  constructor(recorder: Recorder) {
    this.recorder = recorder;
  }

  /**
   * One call. A failed call counts in `llm_requests{tokens_from:none}` (and as not good
   * when it had SLOs) and in nothing else, as vLLM leaves failed requests out of its figures.
   */
  record(
    request: RequestSeries,
    call: {
      figures: CallFigures | undefined;
      outputTokens: number;
      inputTokens: number | undefined;
      from: TokensFrom;
      good: boolean | undefined;
    },
  ): void {
    let series = this.cache.get(request);
    if (series === undefined) {
      series = new LlmSeries(this.recorder, tagsWithoutMethod(request));
      this.cache.set(request, series);
    }
    const r = this.recorder;
    r.count(series.requests[call.from], 1);
    if (call.good !== undefined) {
      r.rate(series.goodput, call.good);
      if (call.good) r.count(series.goodRequests, 1);
    }
    const figures = call.figures;
    if (figures === undefined) return;
    if (figures.ttftMs !== undefined) r.trend(series.ttft, micros(figures.ttftMs));
    for (const gap of figures.itlMs) r.trend(series.itl, micros(gap));
    if (figures.tpotMs !== undefined) r.trend(series.tpot, micros(figures.tpotMs));
    r.trend(series.latency, micros(figures.latencyMs));
    r.trend(series.tokensPerSecond, Math.round(figures.tokensPerSecond));
    r.count(series.outputTokens, call.outputTokens);
    if (call.inputTokens !== undefined) r.count(series.inputTokens, call.inputTokens);
  }
}

function micros(ms: number): number {
  return Math.max(0, Math.round(ms * 1000));
}
