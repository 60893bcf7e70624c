import type { HttpClient, Response, RetryInput, TimeoutInput } from '../http/api.ts';
import type { Timeouts, TlsOptions } from '../http/types.ts';
import type { LlmClient } from '../llm/api.ts';
import type { FaultInput } from '../proxy/index.ts';
import type { ResultsDocument } from '../results/index.ts';
import type { WsClient } from '../ws/api.ts';

/** A duration as users write it: '30s', '1m30s', '250ms', '2h', or milliseconds as a number. */
export type DurationInput = string | number;

// ---------------------------------------------------------------- what users write

/** The VU a user's code runs as. One per concurrent user; reused across iterations. */
export interface VU {
  /** 1-based, unique within the whole run (across threads and machines). */
  readonly id: number;
  /** 0-based iteration number of this VU within its scenario. */
  readonly iteration: number;
  readonly scenario: string;
  readonly http: HttpClient;
  /**
   * LLM calls (OpenAI-compatible or Ollama) with their serving metrics: TTFT, ITL, TPOT,
   * latency, tokens, goodput (docs/llm.md).
   *
   * @example
   * const answer = await vu.llm.chat({ model: 'llama3.2', prompt: 'Hi', slo: { ttft: '500ms' } });
   */
  readonly llm: LlmClient;
  /**
   * WebSocket sessions (docs/streams.md).
   *
   * @example
   * await vu.ws.connect('ws://127.0.0.1:8080/', { open: (s) => s.send('hi'), message: (d, s) => s.close() });
   */
  readonly ws: WsClient;
  /** Records each named condition in `checks`; a failing one counts as a `check` error. Returns all passed. */
  check<T>(value: T, conditions: Record<string, (value: T) => boolean>): boolean;
  /**
   * Pauses this VU: a number is seconds (as k6's and Locust's sleep), a string a duration
   * ('500ms', '2s'). Ends early when the VU is interrupted.
   */
  sleep(duration: number | string): Promise<void>;
  /**
   * Runs `fn` as the group `name` (k6's group): `group_duration{group:::NAME}` times it, and
   * every sample inside (requests, checks, custom metrics) carries the tag `group`; nested
   * groups join their names with `::` (`::checkout::pay`). Returns what `fn` returns.
   * A VU's groups nest; two of them side by side (Promise.all) is an error.
   *
   * @example
   * await vu.group('checkout', async () => {
   *   await vu.http.post('/cart/pay');
   * });
   */
  group<T>(name: string, fn: () => T): Promise<Awaited<T>>;
  /** Per-VU state the user's code may keep between iterations (login tokens and so on). */
  readonly data: Record<string, unknown>;
  /** What `setup()` returned, shared read-only by every VU. */
  readonly setupData: unknown;
}

/** A VU's behaviour, usually async; a promise it returns is awaited and its value ignored. */
export type VUFunction = (vu: VU) => unknown;

/** A Locust-style task: picked by weight, smoothly interleaved. */
export interface Task {
  readonly name?: string;
  readonly weight?: number;
  readonly run: VUFunction;
}

/** Returns seconds to wait between tasks; see `between`, `constant`, `constantPacing`. */
export type ThinkTime = (context: { lastTaskMs: number }) => number;

interface BehaviourExec {
  exec: VUFunction;
  tasks?: never;
}
interface BehaviourTasks {
  tasks: readonly (Task | VUFunction)[];
  think?: ThinkTime;
  /**
   * Run the tasks in the order listed instead of by weight (Locust's SequentialTaskSet):
   * each VU's iterations take task 0, 1, 2, ..., then start over; think time after each.
   */
  sequential?: boolean;
  exec?: never;
}
interface BehaviourCommon {
  /** Runs once per VU before its first iteration (Locust's on_start). */
  onStart?: VUFunction;
  /** Runs once per VU when it stops (Locust's on_stop). */
  onStop?: VUFunction;
  /** Delay after the test start before this scenario starts. */
  startTime?: DurationInput;
  /** How long iterations may run on after the scenario's end (default 30s). */
  gracefulStop?: DurationInput;
  /** Tags added to every metric of this scenario. */
  tags?: Record<string, string>;
}
export type Behaviour = (BehaviourExec | BehaviourTasks) & BehaviourCommon;

export interface Stage {
  readonly duration: DurationInput;
  readonly target: number;
}

export type ExecutorConfig =
  | { executor: 'constant-vus'; vus: number; duration: DurationInput }
  | { executor: 'ramping-vus'; startVUs?: number; stages: readonly Stage[]; gracefulRampDown?: DurationInput }
  | { executor: 'per-vu-iterations'; vus: number; iterations: number; maxDuration?: DurationInput }
  | { executor: 'shared-iterations'; vus: number; iterations: number; maxDuration?: DurationInput }
  | {
      executor: 'constant-arrival-rate';
      rate: number;
      timeUnit?: DurationInput;
      duration: DurationInput;
      preAllocatedVUs: number;
      maxVUs?: number;
    }
  | {
      executor: 'ramping-arrival-rate';
      startRate?: number;
      timeUnit?: DurationInput;
      stages: readonly Stage[];
      preAllocatedVUs: number;
      maxVUs?: number;
    };

export type ExecutorName = ExecutorConfig['executor'];

export type ScenarioDefinition = ExecutorConfig & Behaviour;

export interface ThresholdObject {
  threshold: string;
  abortOnFail?: boolean;
  /** Do not abort before this much of the run has passed. */
  delayAbortEval?: DurationInput;
}

export interface HttpOptionsInput {
  /** Prepended to relative URLs. */
  baseUrl?: string;
  headers?: Record<string, string>;
  timeout?: DurationInput | TimeoutInput;
  /** Retries are off unless given. */
  retry?: RetryInput;
  /** 'auto' (default): the lean HTTP/1.1 transport where it can, undici where it cannot. */
  transport?: 'auto' | 'lean' | 'undici';
  /** Send `X-Load-Test: salvo` on every request (default true). */
  loadTestHeader?: boolean;
  insecureSkipTLSVerify?: boolean;
  tls?: { ca?: string | string[]; cert?: string; key?: string };
  /**
   * HTTP/2 (docs/http.md): `true` negotiates it with https targets (ALPN); `'h2c'` also
   * speaks it to http targets in plain text (prior knowledge).
   */
  http2?: boolean | 'h2c';
  /** HTTP/2 sessions: `'vu'` (default) each VU its own per origin, as browsers; `'shared'` by the VUs of a runner. */
  http2Sessions?: 'vu' | 'shared';
  /** Shared HTTP/2 sessions: streams one session carries at once (default 100; the server may allow fewer). */
  http2StreamsPerSession?: number;
  /** Who speaks HTTP/2: `'lean'` (default), Salvo's own client on the socket, or `'node'`, node:http2. */
  http2Client?: 'lean' | 'node';
  /** Drop response bodies unless a request asks for them. */
  discardResponseBodies?: boolean;
  /**
   * Connections one VU may open to one origin (default 6, as browsers and k6's http.batch):
   * each is opened only when the VU's requests overlap, so a VU that sends one at a time uses one.
   */
  maxConnectionsPerOrigin?: number;
  /** Lean transport: requests in flight per connection (default 1). */
  pipelining?: number;
}

/** `targets`: base URLs A and B, and B's share of the iterations (0..1). */
export interface TargetsInput {
  A?: string;
  B: string;
  share?: number;
}

/** A Prometheus endpoint of the service to scrape during the run (docs/scrape.md). */
export interface ScrapeInput {
  /** e.g. 'http://127.0.0.1:3000/metrics'. */
  url: string;
  /** How often (default '2s'). */
  interval?: DurationInput;
  /** Longest one scrape may take (default: the interval, at most 10s). */
  timeout?: DurationInput;
  /** Metric families kept beside the built-in ones, e.g. ['ai_generation_seconds']. */
  keep?: readonly string[];
}

export interface TestDefinition {
  scenarios?: Record<string, ScenarioDefinition>;
  /** Shorthand for one scenario named `default`: with `vus` + `duration`, or `iterations`, or `stages`. */
  vus?: number;
  duration?: DurationInput;
  iterations?: number;
  stages?: readonly Stage[];
  exec?: VUFunction;
  tasks?: readonly (Task | VUFunction)[];
  think?: ThinkTime;
  /** With `tasks`: run them in the order listed (see Behaviour). */
  sequential?: boolean;
  onStart?: VUFunction;
  onStop?: VUFunction;
  thresholds?: Record<string, readonly (string | ThresholdObject)[]>;
  http?: HttpOptionsInput;
  /** Runs once before the test, in the main thread; its result (copied to every runner) is `vu.setupData`. */
  setup?: () => unknown | Promise<unknown>;
  teardown?: (setupData: unknown) => void | Promise<void>;
  /** Tags on every metric of the run. */
  tags?: Record<string, string>;
  /**
   * A/B (docs/ab.md): the same test against two base URLs at once, each iteration sent to A
   * or B (B taking `share`, default 0.5), every sample tagged `target: 'A' | 'B'`. A
   * defaults to `http.baseUrl`. `--ab B_URL[:SHARE]` sets it from the command line.
   *
   * @example
   * targets: { B: 'http://canary:8080', share: 0.1 },
   */
  targets?: TargetsInput;
  /** The service's Prometheus endpoints, scraped during the run (`--scrape URL` adds to them). */
  scrape?: readonly (string | ScrapeInput)[];
  /**
   * Faults injected by a proxy the run starts in front of its target (docs/proxy.md): a
   * list (in front of `http.baseUrl`) or `{ target, control, faults }`. The test's requests
   * are unchanged; the proxy's answers are marked, and the results keep injected failures
   * apart from real ones (`injected:true`, `fault:<kind>` tags).
   */
  faults?: readonly FaultInput[] | { target?: string; control?: number; faults: readonly FaultInput[] };
  /**
   * The figures of each trend the summary shows, in order (k6's option): `avg`, `min`,
   * `med`, `max`, `count`, `p(N)`. Default avg, min, med, max, p(90), p(95), p(99), p(99.9).
   */
  summaryTrendStats?: readonly string[];
  /**
   * Runs once at the end, in the main thread, with the results document (k6's
   * handleSummary). Its result names what to write: a file path to a string (written as
   * is) or an object (written as JSON), `stdout` / `stderr` to print. When it is given the
   * default summary is not printed: return `{ stdout: textSummary(results) }` to keep it.
   */
  onSummary?: (results: ResultsDocument) => SummaryHookResult | Promise<SummaryHookResult>;
}

/** What `onSummary` returns: file paths (relative to the working directory), `stdout`, `stderr`. */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook with nothing to write returns nothing (void), async or not
export type SummaryHookResult = Record<string, string | object> | undefined | void;

// ---------------------------------------------------------------- the normalized plan

export interface HttpDefaults {
  readonly baseUrl: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeouts: Timeouts;
  readonly retry: RetryPolicy | undefined;
  readonly transport: 'auto' | 'lean' | 'undici';
  readonly loadTestHeader: boolean;
  readonly tls: TlsOptions;
  readonly http2: boolean | 'h2c';
  readonly http2Sessions: { readonly shared: boolean; readonly streamsPerSession: number };
  readonly http2Client: 'lean' | 'node';
  readonly discardResponseBodies: boolean;
  readonly maxConnectionsPerOrigin: number;
  readonly pipelining: number;
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly statusAttempts: number;
}

export type { Response };
