import { EXIT_CODES, Problems, SalvoError } from '../errors.ts';
import { createOutputs } from '../outputs/index.ts';
import { type RunningTest, startTest } from '../run/coordinator.ts';
import { parseRunArgs, workersFlag } from './args.ts';
import { type CliDashboard, dashboardFlags, startCliDashboard } from './dashboard-flags.ts';
import { RUN_HELP } from './help.ts';
import { planSource } from './plan-source.ts';

/** `salvo run [test.ts] [options]`; resolves to the exit code. */
export async function runCommand(args: readonly string[]): Promise<number> {
  const problems = new Problems();
  const { values, positionals } = parseRunArgs(args, problems);
  if (values.help) {
    process.stdout.write(RUN_HELP);
    return EXIT_CODES.passed;
  }
  const dashboardWanted = problems.check(() => dashboardFlags(values));
  const source = planSource(values, positionals, problems);
  const testLabel = source.kind === 'file' ? source.path : source.options.url;
  // cluster mode (and ioredis) loads only with --cluster
  const clusterFlags = [values.cluster, values['runners-min'], values['on-runner-lost']];
  const cluster = clusterFlags.every((flag) => flag === undefined)
    ? undefined
    : await import('../cluster/index.ts');
  const remote = cluster?.clusterRun(values, source, testLabel);
  const outputs = createOutputs(values.out ?? [], {
    progress: !values.quiet,
    summary: !values.quiet && !values['no-summary'],
    latency: values.latency === true,
    ...(values.csv === undefined ? {} : { csvPrefix: values.csv }),
    ...(values['no-color'] ? { color: false } : {}),
  });
  const dashboard: CliDashboard | undefined = dashboardWanted && (await startCliDashboard(dashboardWanted));
  if (dashboard) outputs.push(dashboard.output);
  // installed before the plan loads, so an early Ctrl-C stops the run instead of killing it
  let interrupts = 0;
  let running: RunningTest | undefined;
  const onSignal = () => {
    interrupts++;
    // before the load starts (loading, setup) there is nothing to save: stop at once;
    // a third signal ends a run stuck in user code (teardown, say)
    if (running === undefined || interrupts > 2) process.exit(EXIT_CODES.forced);
    running.stop(interrupts === 1 ? 'graceful' : 'hard');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    running = await startTest({
      source,
      workers: workersFlag(values.workers),
      outputs,
      testLabel,
      ...(remote ? { fleet: remote.fleet } : {}),
      ...(values['faults-from'] === undefined ? {} : { faultsFrom: faultsFromUrl(values['faults-from']) }),
      onStopping: (mode) => {
        dashboard?.stopping();
        process.stderr.write(
          mode === 'graceful'
            ? '\nstopping: letting running iterations finish (Ctrl-C again to stop now)\n'
            : '\nstopping now\n',
        );
      },
    });
    const { exitCode, results } = await running.done;
    if (remote && !values.quiet) process.stdout.write(remote.table(results.meta.durationMs));
    // A/B: B against A per request name, with compare's statistics, after the summary
    if (results.series.byTarget && !values.quiet && !values['no-summary']) {
      // loaded here, not with the command: compare's statistics cost a run memory it rarely uses
      const { compareRuns, DEFAULT_RULES, renderCompare } = await import('../suites/compare/index.ts');
      const report = compareRuns([{ file: 'this run', doc: results }], DEFAULT_RULES);
      process.stdout.write(
        `\n${renderCompare(report, values['no-color'] !== true && process.stdout.isTTY === true)}`,
      );
    }
    return exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await dashboard?.finish();
  }
}

/** `--faults-from`: the control URL `salvo proxy` prints (`http://127.0.0.1:PORT/faults`) or its origin. */
function faultsFromUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(/^\d+$/.test(text) ? `http://127.0.0.1:${text}` : text);
  } catch {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `--faults-from: "${text}" is not a URL, e.g. http://127.0.0.1:9001`,
    );
  }
  if (url.protocol !== 'http:')
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `--faults-from: the control port speaks http://, not ${url.protocol}`,
    );
  return url.origin;
}
