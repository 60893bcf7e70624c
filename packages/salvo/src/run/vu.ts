import { monotonicMs } from '../clock.ts';
import type { HttpClient } from '../http/api.ts';
import type { RequestSeriesCache } from '../http/client-metrics.ts';
import type { StreamHost } from '../http/streams/index.ts';
import { createLlmClient, type LlmClient } from '../llm/index.ts';
import type { CustomMetricSink } from '../metrics/custom.ts';
import type { MetricDef, Tags } from '../metrics/types.ts';
import { parseDuration } from '../plan/duration.ts';
import type { PlannedTask } from '../plan/plan.ts';
import type { VU } from '../plan/types.ts';
import { createWsClient, type WsClient } from '../ws/index.ts';
import type { IterationEnd } from './scenario-runtime.ts';
import { GROUP_SEPARATOR, type TagScope } from './tag-scope.ts';
import { startingCredit } from './task-order.ts';

/** A closable HTTP client that streams can ride on: what the runner makes for each VU. */
export type VuHttpClient = HttpClient & StreamHost & { close(): Promise<void> };

/** Why a VU's signal aborts: its iteration was interrupted (a stop or a deadline). */
const VU_INTERRUPTED = new Error('the VU was interrupted');

/**
 * One virtual user. Lives for the whole scenario; iterations run on it one at a time.
 * Its AbortController is replaced after each interrupt, so an interrupted VU can be
 * reused (ramping-vus ramps it up again later).
 */
export class VirtualUser implements VU, CustomMetricSink {
  readonly id: number;
  readonly localIndex: number;
  readonly scenario: string;
  readonly data: Record<string, unknown> = {};
  readonly setupData: unknown;
  iteration = -1;
  /** How late the current open-model iteration started (ms); undefined in the closed model. */
  lagMs: number | undefined = undefined;
  /** Smooth weighted round-robin state, one number per task (task-order.ts). */
  readonly taskCredit: number[];
  http!: VuHttpClient;
  /** The client's context: its request series are switched with the VU's group (and A/B target). */
  httpContext!: { requestSeries: RequestSeriesCache; target: number };
  /** The engine's per-VU handlers for the end of an iteration (run/scenario-runtime.ts). */
  iterationEnd: IterationEnd | undefined;
  /** The tags of this VU's samples now: its scenario's, or those of the group it is in. */
  scope: TagScope;
  #rootScope: TagScope;
  #controller = new AbortController();
  #llm: LlmClient | undefined;
  #ws: WsClient | undefined;

  constructor(
    ids: { id: number; localIndex: number },
    scenario: string,
    setupData: unknown,
    tasks: readonly PlannedTask[],
    scope: TagScope,
  ) {
    this.id = ids.id;
    this.localIndex = ids.localIndex;
    this.scenario = scenario;
    this.setupData = setupData;
    this.taskCredit = startingCredit(tasks, ids.id);
    this.scope = scope;
    this.#rootScope = scope;
  }

  /** Made on first use: most tests make no LLM call. */
  get llm(): LlmClient {
    this.#llm ??= createLlmClient(this.http);
    return this.#llm;
  }

  /** Made on first use. */
  get ws(): WsClient {
    this.#ws ??= createWsClient(this.http);
    return this.#ws;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Ends the current iteration's requests and sleeps now; later iterations run normally. */
  interrupt(): void {
    // One shared reason: abort() without one makes a DOMException with a stack per VU
    // (50 000 aborts: 580 ms that way, 110 ms with a shared reason, in a micro-benchmark).
    this.#controller.abort(VU_INTERRUPTED);
    this.#controller = new AbortController();
  }

  check<T>(value: T, conditions: Record<string, (value: T) => boolean>): boolean {
    let all = true;
    for (const name in conditions) {
      let passed: boolean;
      try {
        passed = Boolean(conditions[name]!(value));
      } catch {
        passed = false;
      }
      this.scope.checks.record(name, passed);
      all &&= passed;
    }
    return all;
  }

  sleep(duration: number | string): Promise<void> {
    const ms = typeof duration === 'number' ? duration * 1000 : parseDuration(duration, 'sleep');
    return sleepMs(ms, this.signal);
  }

  async group<T>(name: string, fn: () => T): Promise<Awaited<T>> {
    if (typeof name !== 'string' || name === '' || name.includes(GROUP_SEPARATOR)) {
      throw new TypeError(
        `vu.group(${JSON.stringify(name)}): a group name is a non-empty string without "::"`,
      );
    }
    const outer = this.scope;
    const inner = outer.child(name);
    this.#enter(inner);
    const startedAt = monotonicMs();
    let overlapped = false;
    let result: Awaited<T>;
    try {
      result = await fn();
    } finally {
      inner.recordGroupDuration(Math.round((monotonicMs() - startedAt) * 1000));
      // The group is a field of the VU, so two of its groups side by side would tag each
      // other's samples: each then ends at the scenario's root, and says so.
      overlapped = this.scope !== inner;
      this.#enter(overlapped ? this.#rootScope : outer);
    }
    if (overlapped) {
      throw new Error(
        `vu.group("${name}"): another group of this VU ran beside it; groups of one VU nest, they cannot run in parallel`,
      );
    }
    return result;
  }

  /**
   * A/B: the iteration about to start goes to `target` (0 A, 1 B), its samples tagged by
   * `scope`. Between iterations, so outside any group.
   */
  enterTarget(target: number, scope: TagScope): void {
    this.#rootScope = scope;
    this.httpContext.target = target;
    this.#enter(scope);
  }

  recordCustom(def: MetricDef, value: number, tags: Tags | undefined): void {
    this.scope.recordCustom(def, value, tags);
  }

  #enter(scope: TagScope): void {
    this.scope = scope;
    this.httpContext.requestSeries = scope.requestSeries;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleepMs(ms: number, signal: AbortSignal): Promise<void> {
  if (!(ms > 0) || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
