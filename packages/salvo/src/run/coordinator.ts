import { availableParallelism } from 'node:os';
import { OUTCOME_EXIT_CODES, type RunExitCode, SalvoError, userErrorLines } from '../errors.ts';
import { createAggregator } from '../metrics/index.ts';
import { type Output, writeFileAtomic } from '../outputs/index.ts';
import { describePlan, type Plan, plannedDurationMs, plannedEnd } from '../plan/plan.ts';
import type { Segment } from '../plan/segment.ts';
import type { Outcome, ResultsDocument, RunMeta } from '../results/index.ts';
import { type Scraping, startScraping } from '../scrape/index.ts';
import { checkCapacity } from './capacity.ts';
import { vuHttpFactory } from './http-factory.ts';
import { IntervalMerger } from './interval-merger.ts';
import { loadPlan, type PlanSource } from './load-plan.ts';
import { readMachineLimits } from './machine-limits.ts';
import { createMainRunner } from './main-runner.ts';
import { decideOutcome, runActivity } from './outcome.ts';
import { checkReachable } from './preflight.ts';
import { buildResults, type FinishedRun } from './results.ts';
import { startRunFaults } from './run-faults.ts';
import { runnerCount } from './runner-count.ts';
import type { RunnerHandle, SnapshotSink } from './runner-handle.ts';
import { runSetup, runTeardown } from './setup-teardown.ts';
import { runSummaryHook } from './summary-hook.ts';
import { ThresholdGate } from './threshold-gate.ts';

/** Runners start this long after they all said ready, so their first intervals line up. */
const START_DELAY_MS = 50;

export interface RunSettings {
  readonly source: PlanSource;
  /** 'auto': one runner per core. */
  readonly workers: number | 'auto';
  readonly outputs: readonly Output[];
  /** What the results call the test: the file path, or the quick run's URL. */
  readonly testLabel: string;
  /** Told when a stop was asked for (e.g. to print "stopping..."). */
  readonly onStopping?: (mode: 'graceful' | 'hard') => void;
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

/**
 * The coordinator: loads and checks the plan, starts the runners on their segments,
 * merges their snapshots exactly, evaluates thresholds (aborting on abortOnFail), and
 * hands every output the same intervals and the same final document.
 */
export async function startTest(settings: RunSettings): Promise<RunningTest> {
  const plan = await loadPlan(settings.source);
  const count = runnerCount(plan, settings.workers === 'auto' ? availableParallelism() : settings.workers);
  checkCapacity(plan, count, readMachineLimits());
  const gate = new ThresholdGate(plan.thresholds, plan.metrics);
  const target = settings.source.kind === 'quick' ? settings.source.options.url : plan.http.baseUrl;
  if (target) await checkReachable(target);
  const meta: RunMeta = {
    testId: crypto.randomUUID(),
    test: settings.testLabel,
    startedAt: new Date().toISOString(),
    plannedDurationMs: plannedDurationMs(plan),
    ...progressEnd(plan),
    scenarios: plan.scenarios.map((scenario) => scenario.name),
    options: describePlan(plan),
  };
  // outputs first: one that cannot write fails the run before anything has started
  for (const output of settings.outputs) await output.start(meta);
  const setupData = await runSetup(plan);
  // before the runners: their threads are handed the proxy's routing (docs/proxy.md)
  const faults = await startRunFaults(plan.faults);

  const segments: Segment[] = Array.from({ length: count }, (_, index) => ({ index, count }));
  let merger: IntervalMerger | undefined;
  const sink: SnapshotSink = (snapshot) => merger?.add(snapshot);
  // Worker threads (and node:worker_threads) are loaded only when used: ~1 MB less otherwise.
  const runners: RunnerHandle[] =
    count === 1
      ? [createMainRunner(plan, segments[0]!, sink, vuHttpFactory(settings.source.overrides?.httpDebug))]
      : await import('./thread-runner.ts').then(({ createThreadRunner }) =>
          segments.map((segment) => createThreadRunner(settings.source, segment, sink)),
        );
  try {
    await Promise.all(runners.map((runner) => runner.prepare()));
  } catch (error) {
    await Promise.all(runners.map((runner) => runner.close()));
    await faults?.close();
    throw error;
  }

  let outcome: Outcome = 'passed';
  let reason: string | undefined;
  let stoppedHard = false;
  const stop = (mode: 'graceful' | 'hard', why: Outcome, because: string) => {
    if (stoppedHard || (outcome !== 'passed' && mode === 'graceful')) return;
    stoppedHard = mode === 'hard';
    if (outcome !== why) reason = because;
    outcome = why;
    settings.onStopping?.(mode);
    for (const runner of runners) runner.stop(mode);
  };

  // from outside: Ctrl-C, or an output's control (a stop after an abort stays an abort)
  const stopFromOutside = (mode: 'graceful' | 'hard', because: string) =>
    stop(mode, outcome === 'aborted' ? 'aborted' : 'interrupted', because);
  for (const output of settings.outputs) output.control?.({ stop: stopFromOutside });

  // all runners are ready: their first intervals line up on this moment
  const startedAtMs = Date.now() + START_DELAY_MS;
  faults?.startsAt(startedAtMs);
  // the service's own metrics, polled from this thread (never a runner's): docs/scrape.md
  const scraping: Scraping | undefined =
    plan.scrape.length === 0
      ? undefined
      : startScraping(plan.scrape, {
          runStartMs: startedAtMs,
          warn: (line) => process.stderr.write(`salvo: ${line}\n`),
        });
  const aggregator = createAggregator({ runStartMs: startedAtMs, server: () => scraping?.section });
  const watchers = settings.outputs.filter((output) => output.thresholds);
  merger = new IntervalMerger(
    runners.map((runner) => runner.id),
    aggregator,
    (view) => {
      for (const output of settings.outputs) output.interval(view);
      if (watchers.length === 0 && !gate.abortsOnFail) return;
      const { states, abort } = gate.live(view.run, view.endMs - startedAtMs);
      for (const output of watchers) output.thresholds?.(states, view);
      if (abort) stop('hard', 'aborted', `threshold ${abort} crossed (abortOnFail)`);
    },
  );

  const done = (async (): Promise<RunOutcome> => {
    const ran = await Promise.allSettled(
      runners.map((runner) => runner.run(startedAtMs, setupData).then(() => merger.runnerDone(runner.id))),
    );
    merger.flush();
    await Promise.all(runners.map((runner) => runner.close()));
    const crash = ran.find((result) => result.status === 'rejected');
    if (crash) {
      // what the other runners measured is still reported
      const error =
        crash.reason instanceof SalvoError
          ? crash.reason
          : new SalvoError(
              'SALVO_ERR_RUNNER',
              crash.reason instanceof Error ? crash.reason.message : String(crash.reason),
            );
      for (const line of userErrorLines(error)) process.stderr.write(`salvo: ${line}\n`);
      outcome = 'runner_failed';
      reason = error.message;
    }
    // the load ends here: rates and the duration do not include teardown
    const endedAtMs = Date.now();
    await scraping?.finish();
    const faultsSection = faults?.section(aggregator.data);
    await faults?.close();
    await runTeardown(plan, setupData, aggregator);
    return finish(settings, {
      plan,
      meta,
      gate,
      data: aggregator.data,
      runners,
      startedAtMs,
      endedAtMs,
      outcome,
      reason,
      faults: faultsSection,
    });
  })();
  return {
    done,
    stop: (mode) => stopFromOutside(mode, 'stopped by the user'),
  };
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
