import { EXIT_CODES, Problems, SalvoError } from '../errors.ts';
import { checkSuiteOutputs, parseSuiteOutputs, writeSuiteOutputs } from '../suites/report/index.ts';
import { DEFAULT_SWEEP_LEVELS, runSweep, sweepLevelLine, sweepSummary } from '../suites/sweep/index.ts';
import { workersFlag } from './args.ts';
import { SWEEP_HELP } from './suite-help.ts';
import {
  COMMON_SUITE_OPTIONS,
  LOAD_SUITE_OPTIONS,
  msFlag,
  numberListFlag,
  parseSuiteArgs,
  stepHttp,
  stoppedSuiteExit,
  suiteTarget,
} from './suite-options.ts';

export const SWEEP_OPTIONS = {
  ...COMMON_SUITE_OPTIONS,
  ...LOAD_SUITE_OPTIONS,
  levels: { type: 'string' },
  model: { type: 'string' },
} as const;

/** `salvo sweep [test.ts] [--url URL ...] [options]`; resolves to the exit code. */
export async function sweepCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseSuiteArgs('sweep', args, SWEEP_OPTIONS);
  if (values.help) {
    process.stdout.write(SWEEP_HELP);
    return EXIT_CODES.passed;
  }
  const problems = new Problems();
  const target = suiteTarget('sweep', values, positionals, problems);
  const model = values.model ?? 'closed';
  if (model !== 'closed' && model !== 'open') {
    problems.add(new SalvoError('SALVO_ERR_USAGE', `--model must be closed or open, got ${model}`));
  }
  const levels = problems.check(() => numberListFlag(values.levels, 'levels', DEFAULT_SWEEP_LEVELS));
  if (model === 'closed' && levels?.some((level) => !Number.isInteger(level))) {
    problems.add(
      new SalvoError(
        'SALVO_ERR_USAGE',
        `--levels are VUs in the closed model: whole numbers, got ${values.levels}`,
      ),
    );
  }
  const levelDurationMs = problems.check(() => msFlag(values.duration, 'duration', 10_000));
  const warmupMs = problems.check(() => msFlag(values.warmup, 'warmup', 2_000, true));
  const workers = problems.check(() => workersFlag(values.workers));
  const outputs = problems.check(() => parseSuiteOutputs(values.out ?? []));
  const http = stepHttp(values, problems);
  problems.throwIfAny();
  await checkSuiteOutputs(outputs!);
  const doc = await runSweep({
    target: target!,
    levels: levels!,
    model: model as 'closed' | 'open',
    levelDurationMs: levelDurationMs!,
    warmupMs: warmupMs!,
    http,
    workers: workers!,
    onLevel: values.quiet
      ? undefined
      : (endpoint, level) =>
          process.stdout.write(`${sweepLevelLine(endpoint, level, model as 'closed' | 'open')}\n`),
  });
  await writeSuiteOutputs(doc, outputs!);
  if (!values.quiet) process.stdout.write(`\n${sweepSummary(doc)}`);
  return stoppedSuiteExit(doc.meta) ?? EXIT_CODES.passed;
}
