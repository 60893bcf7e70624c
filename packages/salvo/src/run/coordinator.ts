import { availableParallelism } from 'node:os';
import { OUTCOME_EXIT_CODES, type RunExitCode, SalvoError, userErrorLines } from '../errors.ts';
import { isoTime } from '../iso-time.ts';
import { createAggregator } from '../metrics/index.ts';
import { type Output, writeFileAtomic } from '../outputs/index.ts';
import { describePlan, type Plan, plannedDurationMs, plannedEnd } from '../plan/plan.ts';
import { equalSegments, WHOLE } from '../plan/segment.ts';
import type { ResultsDocument, RunMeta } from '../results/index.ts';
import type { Scraping } from '../scrape/index.ts';
import { checkCapacity } from './capacity.ts';
import { vuHttpFactory } from './http-factory.ts';
import { loadPlan, type PlanSource } from './load-plan.ts';
import { readMachineLimits } from './machine-limits.ts';
import { createMainRunner } from './main-runner.ts';
import { MergeLoop } from './merge-loop.ts';
import { decideOutcome, runActivity } from './outcome.ts';
import { checkReachable } from './preflight.ts';
import { buildResults, type FinishedRun } from './results.ts';
import { type RunFaults, startLogFaults, startRunFaults } from './run-faults.ts';
import { runnerCount } from './runner-count.ts';
import type { RunnerEvents, RunnerHandle, RunnerInfo } from './runner-handle.ts';
import { runSetup, runTeardown } from './setup-teardown.ts';
import { runSummaryHook } from './summary-hook.ts';
import { ThresholdGate } from './threshold-gate.ts';

/** Local runners start this long after they all said ready, so their first intervals line up. */
const START_DELAY_MS = 50;
/** How long the merge waits for a late thread's second before merging it without (MergeLoop). */
const LOCAL_MERGE_WAIT_MS = 5000;

/**
 * Where the runners of a run come from: threads of this process (the default), or remote
 * runners (src/cluster). The run's lifecycle and its merge loop are the same for both.
 */
export interface RunnerFleet {
  /** Checks made before anything starts (this machine's capacity, for local runners). */
  check(plan: Plan): void;
  /** Whether the target is checked from this machine first (it generates the load). */
  readonly reachesTargetFromHere: boolean;
  /** How long after every runner is ready the load starts, so each hears of it in time. */
  readonly startDelayMs: number;
  readonly mergeWaitMs: number;
  /** Starts the runners, their snapshots and news going to `events`; prepare() is called next. */
  open(plan: Plan, events: RunnerEvents): Promise<RunnerHandle[]>;
  /** Every runner and share that took part, for the results (shares taken over included). */
  shares?(): readonly RunnerInfo[];
}

export interface RunSettings {
  readonly source: PlanSource;
  /** 'auto': one runner per core. Ignored with a `fleet`. */
  readonly workers: number | 'auto';
  readonly outputs: readonly Output[];
  /** What the results call the test: the file path, or the quick run's URL. */
  readonly testLabel: string;
  /** Told when a stop was asked for (e.g. to print "stopping..."). */
  readonly onStopping?: (mode: 'graceful' | 'hard') => void;
  /** Runners elsewhere (cluster mode); threads of this process by default. */
  readonly fleet?: RunnerFleet;
  /** A standalone `salvo proxy`'s control URL: its log classifies failures (docs/proxy.md#standalone). */
  readonly faultsFrom?: string;
}

export interface RunOutcome {
  readonly exitCode: RunExitCode;
  readonly results: ResultsDocument;
}

/** A run in progress: stop it from outside (Ctrl-C) with `stop`. */
export interface RunningTest {
  readonly done: Promise<RunOutcome>;
  stop(mode: 'graceful' | 'hard'): void;
}

/** Runner threads of this process: one in the main thread, or one worker thread per core. */
export function localFleet(source: PlanSource, workers: number | 'auto'): RunnerFleet {
  let count = 1;
  return {
    check: (plan) => {
      count = runnerCount(plan, workers === 'auto' ? availableParallelism() : workers);
      checkCapacity(plan, count, readMachineLimits());
    },
    reachesTargetFromHere: true,
    startDelayMs: START_DELAY_MS,
    mergeWaitMs: LOCAL_MERGE_WAIT_MS,
    open: async (plan, events) => {
      const segments = equalSegments(count);
      if (count === 1) {
        return [createMainRunner(plan, WHOLE, events.snapshot, vuHttpFactory(source.overrides?.httpDebug))];
      }
      // Worker threads (and node:worker_threads) are loaded only when used: ~1 MB less otherwise.
      const { createThreadRunner } = await import('./thread-runner.ts');
      return segments.map((segment, index) =>
        createThreadRunner(`t${index}`, source, segment, events.snapshot),
      );
    },
  };
}

/**
 * A run's lifecycle: loads and checks the plan, starts the outputs, runs setup, opens the
 * runners on their segments, starts them at one instant, and at the end runs teardown and
 * hands every output the same final document. The merge and the decisions in between are
 * the MergeLoop's.
 */
export async function startTest(settings: RunSettings): Promise<RunningTest> {
  const plan = await loadPlan(settings.source);
  const fleet = settings.fleet ?? localFleet(settings.source, settings.workers);
  fleet.check(plan);
  const gate = new ThresholdGate(plan.thresholds, plan.metrics);
  const target = settings.source.kind === 'quick' ? settings.source.options.url : plan.http.baseUrl;
  if (target && fleet.reachesTargetFromHere) await checkReachable(target);
  if (plan.targets && fleet.reachesTargetFromHere) await checkReachable(plan.targets.b);
  const meta: RunMeta = {
    testId: crypto.randomUUID(),
    test: settings.testLabel,
    startedAt: isoTime(Date.now()),
    plannedDurationMs: plannedDurationMs(plan),
    ...progressEnd(plan),
    scenarios: plan.scenarios.map((scenario) => scenario.name),
    options: describePlan(plan),
  };
  // outputs first: one that cannot write fails the run before anything has started
  for (const output of settings.outputs) await output.start(meta);
  const setupData = await runSetup(plan);
  // before the runners: their threads are handed the proxy's routing (docs/proxy.md)
  const faults = await startFaults(settings, plan);

  let loop: MergeLoop | undefined;
  // snapshots cannot come before the start, when the loop exists; news of a runner can
  const events: RunnerEvents = {
    snapshot: (snapshot) => loop?.events.snapshot(snapshot),
    joined: (id, fromIndex) => loop?.events.joined(id, fromIndex),
    ended: (id) => loop?.events.ended(id),
    fail: (reason) => loop?.events.fail(reason),
  };
  const runners = await fleet.open(plan, events);
  try {
    await Promise.all(runners.map((runner) => runner.prepare()));
  } catch (error) {
    await Promise.all(runners.map((runner) => runner.close()));
    await faults?.close();
    throw error;
  }

  // all runners are ready: their first intervals line up on this moment
  const startedAtMs = Date.now() + fleet.startDelayMs;
  faults?.startsAt(startedAtMs);
  // the service's own metrics, polled from this thread (never a runner's): docs/scrape.md
  // scraping's modules load only for a test that scrapes
  const scraping: Scraping | undefined =
    plan.scrape.length === 0
      ? undefined
      : (await import('../scrape/index.ts')).startScraping(plan.scrape, {
          runStartMs: startedAtMs,
          warn: (line) => process.stderr.write(`salvo: ${line}\n`),
        });
  const aggregator = createAggregator({ runStartMs: startedAtMs, server: () => scraping?.section });
  const merge = new MergeLoop({
    outputs: settings.outputs,
    gate,
    aggregator,
    runnerIds: runners.map((runner) => runner.id),
    startedAtMs,
    waitMs: fleet.mergeWaitMs,
    stopRunners: (mode) => {
      for (const runner of runners) runner.stop(mode);
    },
    ...(settings.onStopping ? { onStopping: settings.onStopping } : {}),
    warn: (line) => process.stderr.write(`salvo: ${line}\n`),
  });
  loop = merge;
  for (const output of settings.outputs)
    output.control?.({ stop: (mode, because) => merge.stopFromOutside(mode, because) });

  const done = (async (): Promise<RunOutcome> => {
    const ran = await Promise.allSettled(
      runners.map((runner) => runner.run(startedAtMs, setupData).then(() => merge.runnerDone(runner.id))),
    );
    merge.finish();
    await Promise.all(runners.map((runner) => runner.close()));
    const crash = ran.find((result) => result.status === 'rejected');
    if (crash) {
      // what the other runners measured is still reported
      const error = merge.runnerFailed(crash.reason);
      for (const line of userErrorLines(error)) process.stderr.write(`salvo: ${line}\n`);
    }
    // the load ends here: rates and the duration do not include teardown
    const endedAtMs = Date.now();
    await scraping?.finish();
    await faults?.close();
    const faultsSection = faults?.section(aggregator.data);
    await runTeardown(plan, setupData, aggregator);
    return finish(settings, {
      plan,
      meta,
      gate,
      data: aggregator.data,
      runners: fleet.shares?.() ?? runners,
      startedAtMs,
      endedAtMs,
      outcome: merge.outcome,
      reason: merge.reason,
      faults: faultsSection,
    });
  })();
  return {
    done,
    stop: (mode) => merge.stopFromOutside(mode, 'stopped by the user'),
  };
}

/** The run's fault proxy: the test's `faults`, or a standalone proxy's log (`--faults-from`). */
async function startFaults(settings: RunSettings, plan: Plan): Promise<RunFaults | undefined> {
  if (settings.faultsFrom === undefined) return startRunFaults(plan.faults);
  if (plan.faults !== undefined || settings.fleet !== undefined)
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `--faults-from: ${plan.faults === undefined ? "reads the log into this machine's runners, not a cluster's" : 'the test has its own `faults`: one proxy per run'}`,
    );
  return startLogFaults(settings.faultsFrom, (line) => process.stderr.write(`salvo: ${line}\n`));
}

/** What ends the run, as the outputs read it (RunMeta.endsBy). */
function progressEnd(plan: Plan): Pick<RunMeta, 'endsBy' | 'plannedIterations'> {
  const end = plannedEnd(plan);
  return { endsBy: end.endsBy, plannedIterations: end.iterations };
}

/** Final thresholds, the outcome and its exit code, and the document every output gets. */
async function finish(settings: RunSettings, run: Omit<FinishedRun, 'exitCode'>): Promise<RunOutcome> {
  const durationMs = run.endedAtMs - run.startedAtMs;
  const verdicts = run.gate.evaluate(run.data, durationMs);
  const activity = runActivity(run.data, durationMs, settings.source.kind === 'quick');
  const { outcome, reason } = decideOutcome(run, verdicts, activity);
  const exitCode = OUTCOME_EXIT_CODES[outcome];
  const results = buildResults({ ...run, outcome, reason, exitCode });
  const hook = await runSummaryHook(run.plan.onSummary, results);
  const outputs = hook.replacesSummary
    ? settings.outputs.filter((output) => !output.defaultSummary)
    : settings.outputs;
  // every output gets its chance even when another fails (a full disk must not lose the JSON)
  const ended = await Promise.allSettled([
    ...outputs.map((output) => output.end(results)),
    ...hook.files.map(({ path, data }) => writeFileAtomic(path, data)),
  ]);
  const failed = ended.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return { exitCode, results };
}
