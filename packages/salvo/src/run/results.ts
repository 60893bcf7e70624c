import { hostname } from 'node:os';
import type { RunExitCode } from '../errors.ts';
import { isoTime } from '../iso-time.ts';
import { CORE_METRICS, OPEN_MODEL_METRICS } from '../metrics/index.ts';
import { describePlan, hasOpenModel, type Plan } from '../plan/plan.ts';
import { formatSegment } from '../plan/segment.ts';
import { statPercentile } from '../plan/trend-stats.ts';
import { findChangePoints } from '../results/change-points/index.ts';
import {
  encodedHistograms,
  type FaultsSection,
  metricSummaries,
  type Outcome,
  type ResultsDocument,
  type RunData,
  type RunMeta,
  type TagSetRef,
} from '../results/index.ts';
import { SALVO_VERSION } from '../version.ts';
import type { RunnerInfo } from './runner-handle.ts';
import type { ThresholdGate } from './threshold-gate.ts';

export interface FinishedRun {
  readonly plan: Plan;
  readonly meta: RunMeta;
  /** The run handle (the aggregator's `data`): the document is read from it. */
  readonly data: RunData;
  readonly gate: ThresholdGate;
  readonly runners: readonly RunnerInfo[];
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  readonly outcome: Outcome;
  readonly exitCode: RunExitCode;
  readonly reason: string | undefined;
  /** The fault proxy's section, in a run whose test has `faults`. */
  readonly faults?: FaultsSection | undefined;
}

/** The results document (RESULTS.md) of a finished, stopped or aborted run. */
export function buildResults(run: FinishedRun): ResultsDocument {
  const durationMs = Math.max(1, run.endedAtMs - run.startedAtMs);
  const targetSets = targetTagSets(run.data);
  const metrics = metricSummaries(
    run.data.cumulative,
    durationMs,
    [...alwaysReported(run.plan, run.faults !== undefined), ...run.gate.tagSets, ...targetSets],
    trendPercentiles(run.plan),
  );
  run.gate.annotate(metrics);
  return {
    schema: 'salvo/results',
    version: 1,
    meta: {
      salvoVersion: SALVO_VERSION,
      node: process.version,
      host: hostname(),
      testId: run.meta.testId,
      test: run.meta.test,
      startedAt: isoTime(run.startedAtMs),
      endedAt: isoTime(run.endedAtMs),
      durationMs,
      outcome: run.outcome,
      exitCode: run.exitCode,
      transport: transportOf(run.data.transports()),
      runners: run.runners.map((runner) => ({
        id: runner.id,
        kind: runner.kind,
        segment: formatSegment(runner.segment),
      })),
      ...(run.reason === undefined ? {} : { reason: run.reason }),
    },
    options: describePlan(run.plan),
    metrics,
    errors: run.data.errors(),
    checks: run.data.checks(),
    series: run.data.columns,
    generator: run.data.generator(),
    histograms: encodedHistograms(run.data.cumulative, [...run.gate.tagSets, ...targetSets]),
    ...serverSection(run.data),
    changePoints: findChangePoints(run.data.columns),
    ...(run.faults === undefined ? {} : { faults: run.faults }),
  };
}

/** `server`, only in a run that scraped the service (`--scrape`). */
function serverSection(data: RunData): Pick<ResultsDocument, 'server'> {
  const server = data.server();
  return server ? { server } : {};
}

/**
 * The metrics every document carries, zeros included (docs/results.md); with a fault proxy,
 * the request metrics also split into injected and real (docs/proxy.md): the test's own
 * `faults`, or a standalone proxy's log (`--faults-from`).
 */
function alwaysReported(plan: Plan, withFaults: boolean): TagSetRef[] {
  const metrics = hasOpenModel(plan) ? [...CORE_METRICS, ...OPEN_MODEL_METRICS] : CORE_METRICS;
  const refs: TagSetRef[] = metrics.map((metric) => ({ metric, tags: {} }));
  if (!withFaults) return refs;
  for (const injected of ['true', 'false'])
    for (const metric of ['http_reqs', 'http_req_failed', 'http_req_duration'])
      refs.push({ metric, tags: { injected } });
  return refs;
}

/** A/B runs: a summary key per request name and target, for the metrics compare reads (docs/ab.md). */
function targetTagSets(data: RunData): TagSetRef[] {
  const sets: TagSetRef[] = [];
  for (const [target, names] of Object.entries(data.columns.byTarget ?? {})) {
    for (const name of Object.keys(names)) {
      for (const metric of ['http_reqs', 'http_req_failed', 'http_req_duration']) {
        sets.push({ metric, tags: { name, target } });
      }
    }
  }
  return sets;
}

/** The percentiles `summaryTrendStats` names: the document adds those it lacks to every trend. */
function trendPercentiles(plan: Plan): number[] {
  return plan.summaryTrendStats.flatMap((stat) => {
    const percentile = statPercentile(stat);
    return percentile === undefined ? [] : [percentile];
  });
}

/** Which transports carried the requests, as the runners saw them (`h2`: the HTTP/2 transport). */
function transportOf(used: readonly string[]): ResultsDocument['meta']['transport'] {
  if (used.length > 1) return 'mixed';
  const [only] = used;
  return only === 'lean' || only === 'undici' || only === 'h2' ? only : 'none';
}
