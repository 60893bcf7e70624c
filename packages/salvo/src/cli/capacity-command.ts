import { EXIT_CODES, Problems, SalvoError } from '../errors.ts';
import {
  capacityStepLine,
  capacitySummary,
  DEFAULT_SLO,
  runCapacity,
  sloThresholds,
} from '../suites/capacity/index.ts';
import { checkSuiteOutputs, parseSuiteOutputs, writeSuiteOutputs } from '../suites/report/index.ts';
import { positiveFlag, workersFlag } from './args.ts';
import { CAPACITY_HELP } from './suite-help.ts';
import {
  COMMON_SUITE_OPTIONS,
  LOAD_SUITE_OPTIONS,
  msFlag,
  parseSuiteArgs,
  stepHttp,
  stoppedSuiteExit,
  suiteTarget,
} from './suite-options.ts';

export const CAPACITY_OPTIONS = {
  ...COMMON_SUITE_OPTIONS,
  ...LOAD_SUITE_OPTIONS,
  slo: { type: 'string', multiple: true },
  'start-rate': { type: 'string' },
  factor: { type: 'string' },
  'max-rate': { type: 'string' },
  precision: { type: 'string' },
} as const;

/** `salvo capacity [test.ts] [--url URL] [--slo EXPR ...] [options]`; resolves to the exit code. */
export async function capacityCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseSuiteArgs('capacity', args, CAPACITY_OPTIONS);
  if (values.help) {
    process.stdout.write(CAPACITY_HELP);
    return EXIT_CODES.passed;
  }
  const problems = new Problems();
  const target = suiteTarget('capacity', values, positionals, problems);
  if (target?.kind === 'urls' && target.requests.length > 1) {
    problems.add(
      new SalvoError('SALVO_ERR_USAGE', 'salvo capacity takes one --url: the rate is of one request'),
    );
  }
  const slo = problems.check(() => sloThresholds(values.slo ?? DEFAULT_SLO));
  const startRps = problems.check(() => positiveFlag(values['start-rate'], 'start-rate')) ?? 10;
  const factor = problems.check(() => positiveFlag(values.factor, 'factor')) ?? 2;
  if (factor <= 1)
    problems.add(new SalvoError('SALVO_ERR_USAGE', `--factor must be more than 1, got ${values.factor}`));
  const maxRps = problems.check(() => positiveFlag(values['max-rate'], 'max-rate')) ?? 100_000;
  const precision = problems.check(() => positiveFlag(values.precision, 'precision')) ?? 0.05;
  if (maxRps < startRps) problems.add(new SalvoError('SALVO_ERR_USAGE', '--max-rate is below --start-rate'));
  const stepDurationMs = problems.check(() => msFlag(values.duration, 'duration', 10_000));
  const warmupMs = problems.check(() => msFlag(values.warmup, 'warmup', 2_000, true));
  const workers = problems.check(() => workersFlag(values.workers));
  const outputs = problems.check(() => parseSuiteOutputs(values.out ?? []));
  const http = stepHttp(values, problems);
  problems.throwIfAny();
  await checkSuiteOutputs(outputs);
  const doc = await runCapacity({
    target: target!,
    slo,
    startRps,
    factor,
    maxRps,
    precision,
    stepDurationMs,
    warmupMs,
    http,
    workers,
    onStep: values.quiet ? undefined : (step) => process.stdout.write(`${capacityStepLine(step)}\n`),
  });
  await writeSuiteOutputs(doc, outputs);
  if (!values.quiet) process.stdout.write(`\n${capacitySummary(doc)}`);
  return (
    stoppedSuiteExit(doc.meta) ?? (doc.end === 'first_step_failed' ? EXIT_CODES.failed : EXIT_CODES.passed)
  );
}
