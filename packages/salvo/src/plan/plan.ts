import type { MetricDef } from '../metrics/types.ts';
import type { AbTargets } from './normalize-targets.ts';
import type { HttpDefaults, TestDefinition, ThinkTime, ThresholdObject, VUFunction } from './types.ts';

/** A weighted task after normalization. */
export interface PlannedTask {
  readonly name: string;
  readonly weight: number;
  readonly run: VUFunction;
}

/** Executor settings in milliseconds and plain numbers, validated. */
export type PlannedExecutor =
  | { readonly type: 'constant-vus'; readonly vus: number; readonly durationMs: number }
  | {
      readonly type: 'ramping-vus';
      readonly startVUs: number;
      readonly stages: readonly PlannedStage[];
      readonly gracefulRampDownMs: number;
    }
  | {
      readonly type: 'per-vu-iterations';
      readonly vus: number;
      readonly iterations: number;
      readonly maxDurationMs: number;
    }
  | {
      readonly type: 'shared-iterations';
      readonly vus: number;
      readonly iterations: number;
      readonly maxDurationMs: number;
    }
  | {
      readonly type: 'constant-arrival-rate';
      /** Iterations per timeUnitMs. */
      readonly rate: number;
      readonly timeUnitMs: number;
      readonly durationMs: number;
      readonly preAllocatedVUs: number;
      readonly maxVUs: number;
    }
  | {
      readonly type: 'ramping-arrival-rate';
      readonly startRate: number;
      readonly timeUnitMs: number;
      readonly stages: readonly PlannedStage[];
      readonly preAllocatedVUs: number;
      readonly maxVUs: number;
    };

export interface PlannedStage {
  readonly durationMs: number;
  readonly target: number;
}

export interface PlannedBehaviour {
  readonly exec: VUFunction | undefined;
  readonly tasks: readonly PlannedTask[];
  readonly think: ThinkTime | undefined;
  /** Tasks in the order listed, one per iteration, round and round (Locust's SequentialTaskSet). */
  readonly sequential: boolean;
  readonly onStart: VUFunction | undefined;
  readonly onStop: VUFunction | undefined;
}

export interface PlannedScenario {
  readonly name: string;
  readonly executor: PlannedExecutor;
  readonly behaviour: PlannedBehaviour;
  readonly startTimeMs: number;
  readonly gracefulStopMs: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** A scrape target after normalization (plan/normalize-scrape.ts). */
export interface ScrapeTarget {
  readonly url: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Metric families kept beside the built-in ones. */
  readonly keep: readonly string[];
}

/** The test's `faults` (plan/normalize-faults-block.ts): a fault proxy in front of `target` for the run. */
export interface FaultPlan {
  /** The origin whose requests go through the proxy. */
  readonly target: string;
  /** The proxy's control port (0: a free one), when asked for. */
  readonly controlPort: number | undefined;
  /** As written (checked): the proxy normalizes them. */
  readonly faults: readonly unknown[];
}

export interface Plan {
  readonly scenarios: readonly PlannedScenario[];
  readonly thresholds: Readonly<Record<string, readonly (string | ThresholdObject)[]>>;
  /** Custom metrics the test file declares at its top level (metrics/custom.ts). */
  readonly metrics: readonly MetricDef[];
  readonly http: HttpDefaults;
  readonly tags: Readonly<Record<string, string>>;
  /** The service's Prometheus endpoints the coordinator scrapes during the run. */
  readonly scrape: readonly ScrapeTarget[];
  /** A fault proxy the run starts in front of its target (docs/proxy.md). */
  readonly faults?: FaultPlan | undefined;
  readonly setup: (() => unknown) | undefined;
  readonly teardown: ((data: unknown) => unknown) | undefined;
  /** The trend figures the summary shows (plan/trend-stats.ts). */
  readonly summaryTrendStats: readonly string[];
  readonly onSummary: TestDefinition['onSummary'];
  /** A/B: the two base URLs and B's share (plan/normalize-targets.ts); absent otherwise. */
  readonly targets?: AbTargets;
}

/** When the scenario stops starting iterations, relative to its own start (ms). */
export function scenarioActiveMs(executor: PlannedExecutor): number {
  switch (executor.type) {
    case 'constant-vus':
    case 'constant-arrival-rate':
      return executor.durationMs;
    case 'ramping-vus':
    case 'ramping-arrival-rate':
      return executor.stages.reduce((sum, stage) => sum + stage.durationMs, 0);
    case 'per-vu-iterations':
    case 'shared-iterations':
      return executor.maxDurationMs;
  }
}

/** The longest the whole plan can take, graceful stops included (for ETA and progress). */
export function plannedDurationMs(plan: Plan): number {
  let longest = 0;
  for (const scenario of plan.scenarios) {
    const extra = scenario.executor.type === 'ramping-vus' ? scenario.executor.gracefulRampDownMs : 0;
    const end = scenario.startTimeMs + scenarioActiveMs(scenario.executor) + Math.max(extra, 0);
    longest = Math.max(longest, end);
  }
  return longest;
}

/**
 * What ends a plan, for progress: `time` when every scenario ends by the clock (the planned
 * duration gives an ETA); `iterations` when every one ends after a count of iterations
 * (per-vu-iterations, shared-iterations), `iterations` of them in all, the planned duration
 * being only their maxDuration bound; `either` for a mix, whose end only the bound tells.
 */
export type PlannedEnd =
  | { readonly endsBy: 'time' | 'either'; readonly iterations: undefined }
  | { readonly endsBy: 'iterations'; readonly iterations: number };

export function plannedEnd(plan: Plan): PlannedEnd {
  let iterations = 0;
  let counted = 0;
  for (const { executor } of plan.scenarios) {
    if (executor.type === 'per-vu-iterations') iterations += executor.vus * executor.iterations;
    else if (executor.type === 'shared-iterations') iterations += executor.iterations;
    else continue;
    counted++;
  }
  if (counted === 0) return { endsBy: 'time', iterations: undefined };
  if (counted < plan.scenarios.length) return { endsBy: 'either', iterations: undefined };
  return { endsBy: 'iterations', iterations };
}

/** Whether any scenario runs the open model (an arrival-rate executor). */
export function hasOpenModel(plan: Plan): boolean {
  return plan.scenarios.some(
    ({ executor }) => executor.type === 'constant-arrival-rate' || executor.type === 'ramping-arrival-rate',
  );
}

/** The plan as data for the results document: functions left out. */
export function describePlan(plan: Plan): Record<string, unknown> {
  return {
    scenarios: Object.fromEntries(
      plan.scenarios.map((scenario) => [
        scenario.name,
        {
          ...scenario.executor,
          startTimeMs: scenario.startTimeMs,
          gracefulStopMs: scenario.gracefulStopMs,
          tags: scenario.tags,
          behaviour: scenario.behaviour.exec
            ? 'exec'
            : {
                tasks: scenario.behaviour.tasks.map(({ name, weight }) => ({ name, weight })),
                sequential: scenario.behaviour.sequential,
              },
        },
      ]),
    ),
    thresholds: plan.thresholds,
    metrics: plan.metrics,
    http: { ...plan.http, tls: { insecureSkipVerify: plan.http.tls.insecureSkipVerify } },
    tags: plan.tags,
    ...(plan.scrape.length > 0 ? { scrape: plan.scrape } : {}),
    ...(plan.faults === undefined ? {} : { faults: plan.faults }),
    summaryTrendStats: plan.summaryTrendStats,
    ...(plan.targets ? { targets: plan.targets } : {}),
  };
}
