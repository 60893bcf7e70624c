import { EXIT_CODES, Problems, SalvoError } from '../errors.ts';
import { createOutputs } from '../outputs/index.ts';
import { type RunningTest, startTest } from '../run/coordinator.ts';
import type { PlanSource } from '../run/load-plan.ts';
import {
  durationFlag,
  headersFlag,
  parseRunArgs,
  positiveFlag,
  type RunValues,
  transportFlag,
  wholeFlag,
  workersFlag,
} from './args.ts';
import { RUN_HELP } from './help.ts';

/** `salvo run [test.ts] [options]`; resolves to the exit code. */
export async function runCommand(args: readonly string[]): Promise<number> {
  const problems = new Problems();
  const { values, positionals } = parseRunArgs(args, problems);
  if (values.help) {
    process.stdout.write(RUN_HELP);
    return EXIT_CODES.passed;
  }
  const source = planSource(values, positionals, problems);
  const outputs = createOutputs(values.out ?? [], {
    progress: !values.quiet,
    summary: !values.quiet,
    ...(values['no-color'] ? { color: false } : {}),
  });
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
      testLabel: source.kind === 'file' ? source.path : source.options.url,
      onStopping: (mode) =>
        process.stderr.write(
          mode === 'graceful'
            ? '\nstopping: letting running iterations finish (Ctrl-C again to stop now)\n'
            : '\nstopping now\n',
        ),
    });
    const { exitCode } = await running.done;
    return exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The plan's source from the flags; every problem with them is reported at once. */
function planSource(values: RunValues, positionals: readonly string[], problems: Problems): PlanSource {
  if (positionals.length > 1) {
    problems.add(new SalvoError('SALVO_ERR_USAGE', `one test file at a time, got: ${positionals.join(' ')}`));
  }
  const vus = problems.check(() => wholeFlag(values.vus, 'vus', 1));
  const duration = problems.check(() => durationFlag(values.duration));
  const iterations = problems.check(() => wholeFlag(values.iterations, 'iterations', 1));
  const transport = problems.check(() => transportFlag(values.transport));
  problems.check(() => workersFlag(values.workers));
  const file = positionals[0];
  if (file !== undefined) {
    if (values.url !== undefined)
      problems.add(new SalvoError('SALVO_ERR_USAGE', 'give a test file or --url, not both'));
    for (const flag of ['rate', 'max-vus', 'method', 'body', 'header'] as const) {
      if (values[flag] !== undefined)
        problems.add(new SalvoError('SALVO_ERR_USAGE', `--${flag} goes with --url only`));
    }
    problems.throwIfAny();
    return {
      kind: 'file',
      path: file,
      overrides: {
        ...(vus === undefined ? {} : { vus }),
        ...(duration === undefined ? {} : { duration }),
        ...(iterations === undefined ? {} : { iterations }),
        ...(transport === undefined ? {} : { transport }),
        ...(values.insecure ? { insecureSkipTLSVerify: true } : {}),
      },
    };
  }
  if (values.url === undefined) {
    problems.add(
      new SalvoError(
        'SALVO_ERR_USAGE',
        'nothing to run: give a test file or --url',
        'see `salvo run --help`',
      ),
    );
  } else if (!URL.canParse(values.url) || !/^https?:$/.test(new URL(values.url).protocol)) {
    problems.add(
      new SalvoError('SALVO_ERR_USAGE', `--url must be an http:// or https:// URL, got "${values.url}"`),
    );
  }
  const headers = problems.check(() => headersFlag(values.header));
  const rate = problems.check(() => positiveFlag(values.rate, 'rate'));
  const maxVUs = problems.check(() => wholeFlag(values['max-vus'], 'max-vus', 1));
  problems.throwIfAny();
  return {
    kind: 'quick',
    options: {
      url: values.url!,
      method: (values.method ?? 'GET').toUpperCase(),
      headers,
      body: values.body,
      vus: vus ?? 10,
      duration,
      iterations,
      rate,
      maxVUs,
      transport: transport ?? 'auto',
      insecureSkipTLSVerify: values.insecure === true,
    },
  };
}
