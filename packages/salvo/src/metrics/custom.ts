import { AsyncLocalStorage } from 'node:async_hooks';
import { SalvoError } from '../errors.ts';
import { BUILTIN_METRICS } from './catalogue.ts';
import type { MetricContains, MetricDef, MetricType, Tags } from './types.ts';

/**
 * Custom metrics (k6's Counter, Gauge, Rate, Trend). A test file declares them at its top
 * level, so every thread that imports it (the coordinator, each worker) knows the same
 * metrics before the run: the plan takes them from this thread's registry, thresholds may
 * name them, and every runner defines them in its recorder. VU code records through
 * whichever VU is running it: the engine runs user code inside `customMetricScope` (only
 * when the test declares a metric, so other tests pay nothing), as VUs share one event
 * loop and a module-level object cannot tell them apart otherwise.
 */

/** Where a custom metric's values go: the running VU (its scenario's and group's tags). */
export interface CustomMetricSink {
  /** `value` in recorded units: µs for time trends, 1/0 for rates. */
  recordCustom(def: MetricDef, value: number, tags: Tags | undefined): void;
}

interface CustomMetricState {
  readonly defs: Map<string, MetricDef>;
  readonly scope: AsyncLocalStorage<CustomMetricSink>;
}

// On globalThis, so that two copies of this module (a test file importing the built
// package while the engine runs from source, or the reverse) still share one registry.
const STATE_KEY = Symbol.for('salvo.customMetrics');
const state: CustomMetricState = ((globalThis as Record<symbol, unknown>)[STATE_KEY] as
  | CustomMetricState
  | undefined) ?? {
  defs: new Map(),
  scope: new AsyncLocalStorage<CustomMetricSink>(),
};
(globalThis as Record<symbol, unknown>)[STATE_KEY] = state;

/** The VU whose code is running, for custom metrics; the engine enters it with `run`. */
export const customMetricScope: AsyncLocalStorage<CustomMetricSink> = state.scope;

/** The custom metrics this thread's test files declared, in declaration order. */
export function declaredMetrics(): readonly MetricDef[] {
  return [...state.defs.values()];
}

/** k6's rule for metric names; Salvo also caps the length. */
const CUSTOM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const BUILTIN_NAMES = new Set<string>(BUILTIN_METRICS.map((def) => def.name));

function declare(name: unknown, type: MetricType, contains: MetricContains): MetricDef {
  if (typeof name !== 'string' || !CUSTOM_NAME.test(name)) {
    throw new SalvoError(
      'SALVO_ERR_TEST_DEFINITION',
      `custom metric name ${JSON.stringify(name)} is invalid: letters, digits and _ (not first), at most 128`,
    );
  }
  if (BUILTIN_NAMES.has(name)) {
    throw new SalvoError(
      'SALVO_ERR_TEST_DEFINITION',
      `custom metric "${name}" has the name of a built-in metric`,
    );
  }
  if (customMetricScope.getStore() !== undefined) {
    throw new SalvoError(
      'SALVO_ERR_TEST_DEFINITION',
      `custom metric "${name}" declared inside VU code: declare it at the top level of the test file`,
    );
  }
  const known = state.defs.get(name);
  if (known) {
    if (known.type === type && known.contains === contains) return known;
    throw new SalvoError(
      'SALVO_ERR_TEST_DEFINITION',
      `custom metric "${name}" is already a ${describe(known)}; cannot declare it as a ${describe({ type, contains })}`,
    );
  }
  const def: MetricDef = { name, type, contains };
  state.defs.set(name, def);
  return def;
}

function describe(def: Pick<MetricDef, 'type' | 'contains'>): string {
  return def.type === 'trend' && def.contains === 'time' ? 'time trend' : def.type;
}

function record(def: MetricDef, value: number, tags: Tags | undefined): void {
  const sink = customMetricScope.getStore();
  if (sink === undefined) {
    throw new Error(
      `${def.name}.add() outside VU code: custom metrics are recorded from exec, tasks, onStart and onStop`,
    );
  }
  sink.recordCustom(def, value, tags);
}

function finite(def: MetricDef, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    const range = min === 0 ? 'a finite number >= 0' : 'a finite number';
    throw new TypeError(`${def.name}.add(): the value must be ${range}, got ${String(value)}`);
  }
  return value;
}

/** The top of a trend: 1 h in µs, or the same number as a plain value. */
const TREND_MAX = 3_600_000_000;

/**
 * A distribution of values, with percentiles in the summary (k6's Trend). With `isTime`,
 * values are milliseconds (recorded in µs, up to 1 h, like `http_req_duration`); without,
 * whole numbers from 0 to 3.6e9 (fractions are rounded: scale them first).
 *
 * @example
 * import { defineTest, Trend } from 'salvo';
 * const serverTiming = new Trend('server_timing', true);
 * export default defineTest({
 *   vus: 5, duration: '30s',
 *   thresholds: { server_timing: ['p(95)<50'] },
 *   exec: async (vu) => {
 *     const res = await vu.http.get('https://example.test/');
 *     serverTiming.add(Number(res.headers['x-server-ms']), { route: 'home' });
 *   },
 * });
 */
export class Trend {
  readonly name: string;
  readonly isTime: boolean;
  readonly #def: MetricDef;

  constructor(name: string, isTime = false) {
    this.#def = declare(name, 'trend', isTime ? 'time' : 'default');
    this.name = name;
    this.isTime = isTime;
  }

  /** Records one value (ms for a time trend), with optional tags beside the VU's own. */
  add(value: number, tags?: Tags): void {
    const checked = finite(this.#def, value, 0);
    const recorded = Math.round(this.isTime ? checked * 1000 : checked);
    if (recorded > TREND_MAX) {
      const max = this.isTime ? '3 600 000 ms (1 h)' : '3.6e9';
      throw new RangeError(`${this.name}.add(): ${value} is above a trend's highest value, ${max}`);
    }
    record(this.#def, recorded, tags);
  }
}

/**
 * A running sum, with its rate per second in the summary (k6's Counter).
 *
 * @example
 * import { Counter, defineTest } from 'salvo';
 * const retriesSeen = new Counter('retries_seen');
 * export default defineTest({
 *   vus: 5, duration: '30s',
 *   thresholds: { retries_seen: ['count<100'] },
 *   exec: async (vu) => {
 *     const res = await vu.http.get('https://example.test/');
 *     if (res.retries > 0) retriesSeen.add(res.retries);
 *   },
 * });
 */
export class Counter {
  readonly name: string;
  readonly #def: MetricDef;

  constructor(name: string) {
    this.#def = declare(name, 'counter', 'default');
    this.name = name;
  }

  /** Adds `value` (default 1, never negative), with optional tags beside the VU's own. */
  add(value = 1, tags?: Tags): void {
    record(this.#def, finite(this.#def, value, 0), tags);
  }
}

/**
 * The share of events that were true (k6's Rate): `add(true)` or a non-zero number passes.
 *
 * @example
 * import { defineTest, Rate } from 'salvo';
 * const cacheHits = new Rate('cache_hits');
 * export default defineTest({
 *   vus: 5, duration: '30s',
 *   thresholds: { cache_hits: ['rate>0.8'] },
 *   exec: async (vu) => {
 *     const res = await vu.http.get('https://example.test/item/1');
 *     cacheHits.add(res.headers['x-cache'] === 'HIT');
 *   },
 * });
 */
export class Rate {
  readonly name: string;
  readonly #def: MetricDef;

  constructor(name: string) {
    this.#def = declare(name, 'rate', 'default');
    this.name = name;
  }

  /** Records one event: true (or a non-zero number) passes, false (or 0) fails. */
  add(value: boolean | number, tags?: Tags): void {
    record(this.#def, value ? 1 : 0, tags);
  }
}

/**
 * The last value set, with the lowest and highest seen (k6's Gauge).
 *
 * @example
 * import { defineTest, Gauge } from 'salvo';
 * const queueDepth = new Gauge('queue_depth');
 * export default defineTest({
 *   vus: 1, duration: '30s',
 *   thresholds: { queue_depth: ['max<1000'] },
 *   exec: async (vu) => {
 *     const res = await vu.http.get('https://example.test/queue');
 *     queueDepth.add(res.json<{ depth: number }>().depth);
 *     await vu.sleep(1);
 *   },
 * });
 */
export class Gauge {
  readonly name: string;
  readonly #def: MetricDef;

  constructor(name: string) {
    this.#def = declare(name, 'gauge', 'default');
    this.name = name;
  }

  /** Sets the gauge's value, with optional tags beside the VU's own. */
  add(value: number, tags?: Tags): void {
    record(this.#def, finite(this.#def, value, Number.NEGATIVE_INFINITY), tags);
  }
}
