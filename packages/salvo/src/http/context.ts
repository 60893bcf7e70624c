import type { Recorder, Tags } from '../metrics/types.ts';
import type { HttpDefaults } from '../plan/types.ts';
import type { RequestSeriesCache } from './client-metrics.ts';
import type { UrlRewrite } from './client-prepare.ts';
import type { TransportName } from './types.ts';

/** What the engine gives one VU's HTTP client. */
export interface HttpClientContext {
  readonly recorder: Recorder;
  readonly defaults: HttpDefaults;
  /** Tags on every metric this client records (scenario, plus the test's and scenario's tags). */
  readonly baseTags: Tags;
  /** The series of requests with those tags, shared by the VUs that share the tags. */
  readonly requestSeries: RequestSeriesCache;
  /**
   * How late the current iteration started against its intended start, in ms, under an
   * arrival-rate executor; undefined in closed-model scenarios. When defined, each request
   * also records `response_time` = this lag + its blocked, connecting, TLS and duration
   * times: the time from when it was meant to go out (coordinated omission corrected).
   */
  iterationLagMs(): number | undefined;
  /** Aborted when the run stops hard: in-flight requests end, retries and backoffs stop. */
  readonly signal: AbortSignal;
  /**
   * Told which transport a request goes out on, when it is another than this client's
   * previous one (so, mostly once per VU): the results say which carried the requests.
   */
  noteTransport(name: TransportName): void;
  /** A/B (docs/ab.md): how target B's requests are rewritten; absent in other runs. */
  readonly targetB?: UrlRewrite;
  /** A/B: the target of the VU's current iteration, 0 (A) or 1 (B); read per request. */
  readonly target?: number;
}
