import { SalvoError } from '../errors.ts';
import { type Plan, type PlannedScenario, scenarioActiveMs } from '../plan/plan.ts';
import { equalSegments, shareOf } from '../plan/segment.ts';
import type { MachineLimits } from './machine-limits.ts';
import { mostVUs } from './runner-count.ts';

/**
 * What a VU costs, from `salvo run --url` against a local node:http server (Node 24, one
 * runner, closed model, one keep-alive connection each): from 1 000 to 18 000 VUs the
 * peak heap grew 4.9 KB a VU (3.2 KB live after a full GC) and the peak RSS 5.5 KB. The
 * estimate doubles that for the test's own per-VU state and the garbage of requests in
 * flight: it is a floor, and a plan refused on it cannot run here.
 */
export const VU_HEAP_BYTES = 8 * 1024;
export const VU_MEMORY_BYTES = 10 * 1024;
/** An idle runner: 75 to 100 MB of RSS measured, of which 10 to 15 MB heap. */
const RUNNER_MEMORY_BYTES = 100 * 1024 * 1024;
const RUNNER_HEAP_BYTES = 32 * 1024 * 1024;
/** V8 collects back to back as a heap nears its limit: plan for three quarters of it. */
const USABLE_HEAP = 0.75;
/** Files a process holds besides the VUs' connections: stdio, outputs, workers' pipes, DNS. */
const SPARE_FILES = 64;

export interface CapacityNeed {
  /** The most VUs alive at once (scenarios that overlap in time add up). */
  readonly vus: number;
  /** The same for the busiest runner's share. */
  readonly vusPerRunner: number;
  readonly heapBytesPerRunner: number;
  readonly memoryBytes: number;
  /** One connection a VU (HTTP/1.1 keep-alive), plus the process's own. */
  readonly openFiles: number;
}

/** When a scenario's VUs are gone: its active time, ramp-down and graceful stop passed. */
function scenarioEndMs(scenario: PlannedScenario): number {
  const { executor } = scenario;
  const rampDown = executor.type === 'ramping-vus' ? executor.gracefulRampDownMs : 0;
  return scenario.startTimeMs + scenarioActiveMs(executor) + rampDown + scenario.gracefulStopMs;
}

/** The most VUs alive at once: the peak is at some scenario's start. */
function peakVUs(plan: Plan, vusOf: (scenario: PlannedScenario) => number): number {
  let peak = 0;
  for (const { startTimeMs: at } of plan.scenarios) {
    let alive = 0;
    for (const scenario of plan.scenarios) {
      if (scenario.startTimeMs <= at && at < scenarioEndMs(scenario)) alive += vusOf(scenario);
    }
    peak = Math.max(peak, alive);
  }
  return peak;
}

export function estimateNeed(plan: Plan, runners: number): CapacityNeed {
  const vus = peakVUs(plan, (scenario) => mostVUs(scenario.executor));
  let vusPerRunner = 0;
  for (const segment of equalSegments(runners)) {
    const share = peakVUs(plan, (scenario) => shareOf(segment, mostVUs(scenario.executor)));
    vusPerRunner = Math.max(vusPerRunner, share);
  }
  return {
    vus,
    vusPerRunner,
    heapBytesPerRunner: RUNNER_HEAP_BYTES + vusPerRunner * VU_HEAP_BYTES,
    memoryBytes: runners * RUNNER_MEMORY_BYTES + vus * VU_MEMORY_BYTES,
    openFiles: vus + SPARE_FILES,
  };
}

const GIB = 1024 ** 3;
function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(bytes < 10 * GIB ? 1 : 0)} GiB`;
}
const count = (n: number) => n.toLocaleString('en-US');

/**
 * Refuses, with one line and SALVO_ERR_CAPACITY, a plan this machine cannot hold: its VUs'
 * memory beyond a runner's heap or the machine's free memory, or their connections beyond
 * the open-file limit. It would otherwise grow until it crashed (a million VUs reached
 * 2.7 GB and was still creating VUs), or report the generator's EMFILE as the service's errors.
 */
export function checkCapacity(plan: Plan, runners: number, limits: MachineLimits): CapacityNeed {
  const need = estimateNeed(plan, runners);
  const problems: string[] = [];
  const hints: string[] = [];
  const usableHeap = limits.heapBytesPerRunner * USABLE_HEAP;
  const machines = Math.ceil(need.memoryBytes / limits.availableBytes);
  if (need.heapBytesPerRunner > usableHeap) {
    problems.push(
      `${count(need.vusPerRunner)} VUs on one runner need about ${gib(need.heapBytesPerRunner)} of heap ` +
        `(${VU_HEAP_BYTES / 1024} KiB a VU), more than the ${gib(usableHeap)} a runner can use ` +
        `(3/4 of its ${gib(limits.heapBytesPerRunner)} heap)`,
    );
    const workers = Math.ceil((need.vus * VU_HEAP_BYTES) / (usableHeap - RUNNER_HEAP_BYTES));
    if (machines <= 1) hints.push(`use --workers ${workers} or more`);
  }
  if (machines > 1) {
    problems.push(
      `${count(need.vus)} VUs need about ${gib(need.memoryBytes)} of memory ` +
        `(${VU_MEMORY_BYTES / 1024} KiB a VU) and ${gib(limits.availableBytes)} is available`,
    );
    hints.push(`split the load over ${machines} machines or more`);
  }
  const files = limits.openFiles;
  if (files !== undefined && need.openFiles > files) {
    problems.push(
      `${count(need.vus)} VUs need up to ${count(need.openFiles)} open files (a connection each) ` +
        `and this process may open ${count(files)}`,
    );
    const spread = Math.ceil(need.openFiles / files);
    hints.push(`raise ulimit -n or split the load over ${spread} machines or more`);
  }
  if (problems.length === 0) return need;
  throw new SalvoError(
    'SALVO_ERR_CAPACITY',
    `the plan does not fit this machine: ${problems.join('; ')}`,
    hints.join('; '),
  );
}
