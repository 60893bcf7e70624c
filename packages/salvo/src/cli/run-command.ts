import { SalvoError } from '../errors.ts';
import { createOutputs } from '../outputs/index.ts';
import { type RunningTest, startTest } from '../run/coordinator.ts';
import type { PlanSource } from '../run/load-plan.ts';
import {
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
  const { values, positionals } = parseRunArgs(args);
  if (values.help) {
    process.stdout.write(RUN_HELP);
    return 0;
  }
  const source = planSource(values, positionals);
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
    if (running === undefined || interrupts > 2) process.exit(130);
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

function planSource(values: RunValues, positionals: readonly string[]): PlanSource {
  if (positionals.length > 1) {
    throw new SalvoError('SALVO_ERR_USAGE', `one test file at a time, got: ${positionals.join(' ')}`);
  }
  const vus = wholeFlag(values.vus, 'vus', 1);
  const iterations = wholeFlag(values.iterations, 'iterations', 1);
  const transport = transportFlag(values.transport);
  const file = positionals[0];
  if (file !== undefined) {
    if (values.url !== undefined)
      throw new SalvoError('SALVO_ERR_USAGE', 'give a test file or --url, not both');
    for (const flag of ['rate', 'max-vus', 'method', 'body', 'header'] as const) {
      if (values[flag] !== undefined)
        throw new SalvoError('SALVO_ERR_USAGE', `--${flag} goes with --url only`);
    }
    return {
      kind: 'file',
      path: file,
      overrides: {
        ...(vus === undefined ? {} : { vus }),
        ...(values.duration === undefined ? {} : { duration: values.duration }),
        ...(iterations === undefined ? {} : { iterations }),
        ...(transport === undefined ? {} : { transport }),
        ...(values.insecure ? { insecureSkipTLSVerify: true } : {}),
      },
    };
  }
  if (values.url === undefined) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      'nothing to run: give a test file or --url',
      'see `salvo run --help`',
    );
  }
  if (!URL.canParse(values.url) || !/^https?:$/.test(new URL(values.url).protocol)) {
    throw new SalvoError('SALVO_ERR_USAGE', `--url must be an http:// or https:// URL, got "${values.url}"`);
  }
  return {
    kind: 'quick',
    options: {
      url: values.url,
      method: (values.method ?? 'GET').toUpperCase(),
      headers: headersFlag(values.header),
      body: values.body,
      vus: vus ?? 10,
      duration: values.duration,
      iterations,
      rate: positiveFlag(values.rate, 'rate'),
      maxVUs: wholeFlag(values['max-vus'], 'max-vus', 1),
      transport: transport ?? 'auto',
      insecureSkipTLSVerify: values.insecure === true,
    },
  };
}
