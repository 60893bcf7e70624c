import { type Problems, SalvoError } from '../errors.ts';
import { trendStatsFlag } from '../plan/trend-stats.ts';
import type { PlanOverrides, PlanSource } from '../run/load-plan.ts';
import { abFlag } from './ab-flag.ts';
import {
  durationFlag,
  headersFlag,
  positiveFlag,
  type RunValues,
  transportFlag,
  wholeFlag,
  workersFlag,
} from './args.ts';
import { bodyFileFlag, envFlag, httpDebugFlag, scrapeFlag, stagesFlag, tagsFlag } from './flag-values.ts';

type Flag = keyof RunValues;

/** Flags that shape a quick run's request: a test file has its own. */
const QUICK_ONLY = ['rate', 'max-vus', 'method', 'body', 'body-file', 'header'] as const;
/** Flags for what only a test file has (code that reads the environment, thresholds). */
const FILE_ONLY = ['env', 'no-thresholds'] as const;

/**
 * The plan's source from `salvo run`'s flags: a test file with the flags that override it,
 * or a quick run (`--url`). Every problem with the flags (a bad value, two that do not go
 * together) is reported at once.
 */
export function planSource(
  values: RunValues,
  positionals: readonly string[],
  problems: Problems,
): PlanSource {
  if (positionals.length > 1) {
    problems.add(new SalvoError('SALVO_ERR_USAGE', `one test file at a time, got: ${positionals.join(' ')}`));
  }
  const vus = problems.check(() => wholeFlag(values.vus, 'vus', 1));
  const duration = problems.check(() => durationFlag(values.duration));
  const iterations = problems.check(() => wholeFlag(values.iterations, 'iterations', 1));
  const transport = problems.check(() => transportFlag(values.transport));
  const pipelining = problems.check(() => wholeFlag(values.pipelining, 'pipelining', 1));
  problems.check(() => workersFlag(values.workers));
  checkConflicts(values, problems);
  const overrides: PlanOverrides = {
    ...defined(
      'stages',
      problems.check(() => stagesFlag(values.stage)),
    ),
    ...defined(
      'users',
      problems.check(() => usersRamp(values)),
    ),
    ...defined(
      'timeout',
      problems.check(() => durationFlag(values.timeout, 'timeout')),
    ),
    ...defined('http2', values.h2c ? ('h2c' as const) : values.http2),
    ...defined(
      'tags',
      problems.check(() => tagsFlag(values.tag)),
    ),
    ...defined(
      'env',
      problems.check(() => envFlag(values.env)),
    ),
    ...defined('noThresholds', values['no-thresholds']),
    ...defined('noSummary', values['no-summary']),
    ...defined(
      'scrape',
      problems.check(() => scrapeFlag(values.scrape)),
    ),
    ...defined(
      'httpDebug',
      problems.check(() => httpDebugFlag(values['http-debug'])),
    ),
    ...defined(
      'summaryTrendStats',
      problems.check(() => trendStatsFlag(values['summary-trend-stats'])),
    ),
    ...defined(
      'ab',
      problems.check(() => abFlag(values.ab)),
    ),
  };
  const file = positionals[0];
  if (file !== undefined) {
    if (values.url !== undefined)
      problems.add(new SalvoError('SALVO_ERR_USAGE', 'give a test file or --url, not both'));
    for (const flag of QUICK_ONLY) {
      if (values[flag] !== undefined)
        problems.add(new SalvoError('SALVO_ERR_USAGE', `--${flag} goes with --url only`));
    }
    problems.throwIfAny();
    return {
      kind: 'file',
      path: file,
      overrides: {
        ...overrides,
        ...defined('vus', vus),
        ...defined('duration', duration),
        ...defined('iterations', iterations),
        ...defined('transport', transport),
        ...defined('insecureSkipTLSVerify', values.insecure),
        ...defined('pipelining', pipelining),
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
  for (const flag of FILE_ONLY) {
    if (values[flag] !== undefined)
      problems.add(new SalvoError('SALVO_ERR_USAGE', `--${flag} goes with a test file only`));
  }
  const headers = problems.check(() => headersFlag(values.header));
  const rate = problems.check(() => positiveFlag(values.rate, 'rate'));
  const maxVUs = problems.check(() => wholeFlag(values['max-vus'], 'max-vus', 1));
  const bodyFile = problems.check(() => bodyFileFlag(values['body-file']));
  if (pipelining !== undefined && iterations !== undefined && iterations % pipelining !== 0) {
    problems.add(
      new SalvoError(
        'SALVO_ERR_USAGE',
        `--iterations ${iterations} is not a multiple of --pipelining ${pipelining}: each iteration sends ${pipelining} requests`,
      ),
    );
  }
  problems.throwIfAny();
  return {
    kind: 'quick',
    options: {
      url: values.url!,
      method: (values.method ?? 'GET').toUpperCase(),
      headers,
      body: bodyFile ?? values.body,
      vus: vus ?? 10,
      duration,
      iterations,
      rate,
      maxVUs,
      transport: transport ?? 'auto',
      insecureSkipTLSVerify: values.insecure === true,
      ...defined('pipelining', pipelining),
    },
    overrides,
  };
}

/** Locust's `--users N --spawn-rate R` (its default rate is 1 user a second). */
function usersRamp(values: RunValues): PlanOverrides['users'] {
  const users = wholeFlag(values.users, 'users', 1);
  const spawnRate = positiveFlag(values['spawn-rate'], 'spawn-rate');
  if (users === undefined) {
    if (spawnRate !== undefined) throw new SalvoError('SALVO_ERR_USAGE', '--spawn-rate goes with --users');
    return undefined;
  }
  return { users, spawnRate: spawnRate ?? 1 };
}

/** Pairs of flags that say the same thing two ways, or ask for what cannot be. */
const CONFLICTS: readonly (readonly [Flag, Flag, string?])[] = [
  ['stage', 'vus', 'to start with N VUs, begin with --stage 0s:N'],
  ['stage', 'duration', 'the stages add up to the duration'],
  ['stage', 'iterations'],
  ['stage', 'users'],
  ['stage', 'rate'],
  ['users', 'vus', '--users ramps up to its number of VUs'],
  ['users', 'iterations'],
  ['users', 'rate'],
  ['body', 'body-file'],
  ['http2', 'pipelining', 'pipelining is HTTP/1.1 (the lean transport)'],
  ['h2c', 'pipelining', 'pipelining is HTTP/1.1 (the lean transport)'],
];

function checkConflicts(values: RunValues, problems: Problems): void {
  for (const [a, b, hint] of CONFLICTS) {
    if (values[a] !== undefined && values[b] !== undefined) {
      problems.add(new SalvoError('SALVO_ERR_USAGE', `--${a} and --${b} do not go together`, hint));
    }
  }
  if ((values.http2 || values.h2c) && values.transport === 'lean') {
    problems.add(
      new SalvoError(
        'SALVO_ERR_USAGE',
        `--${values.h2c ? 'h2c' : 'http2'} and --transport lean do not go together`,
        'the lean transport is HTTP/1.1',
      ),
    );
  }
  if (values.pipelining !== undefined && values.transport === 'undici') {
    problems.add(
      new SalvoError(
        'SALVO_ERR_USAGE',
        '--pipelining and --transport undici do not go together',
        'pipelining is the lean transport',
      ),
    );
  }
}

/** `{ key: value }`, or nothing when the flag was not given (options keep their own defaults). */
function defined<K extends string, V>(key: K, value: V | undefined | false): { [P in K]?: V } {
  return value === undefined || value === false ? {} : ({ [key]: value } as { [P in K]: V });
}
