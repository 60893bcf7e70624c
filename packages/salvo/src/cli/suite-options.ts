import { parseArgs } from 'node:util';
import { EXIT_CODES, type Problems, SalvoError } from '../errors.ts';
import { parseDuration } from '../plan/duration.ts';
import type { SuiteMeta } from '../suites/suite-meta.ts';
import type { StepHttp, SuiteTarget } from '../suites/target.ts';
import { durationFlag, headersFlag, transportFlag } from './args.ts';
import { envFlag } from './flag-values.ts';

interface Spec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
}

/** The options every suite command has (docs/cli.md, each command's --help). */
export const COMMON_SUITE_OPTIONS = {
  method: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  body: { type: 'string', short: 'b' },
  timeout: { type: 'string', short: 't' },
  transport: { type: 'string' },
  insecure: { type: 'boolean', short: 'k' },
  out: { type: 'string', short: 'o', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, Spec>;

/** Options of the suites that run a test file or --url requests at levels (sweep, capacity). */
export const LOAD_SUITE_OPTIONS = {
  url: { type: 'string', multiple: true },
  env: { type: 'string', short: 'e', multiple: true },
  duration: { type: 'string', short: 'd' },
  warmup: { type: 'string' },
  workers: { type: 'string', short: 'w' },
} as const satisfies Record<string, Spec>;

/** node:util's parser, its errors turned into one usage line with the command's help named. */
export function parseSuiteArgs<T extends Record<string, Spec>>(
  command: string,
  args: readonly string[],
  options: T,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      (error as Error).message.split('\n')[0]!,
      `see \`salvo ${command} --help\``,
    );
  }
}

export interface RequestValues {
  readonly url?: string[] | undefined;
  readonly method?: string | undefined;
  readonly header?: string[] | undefined;
  readonly body?: string | undefined;
  readonly env?: string[] | undefined;
}

/** A test file (the one positional) or --url requests, each with the shared --method, --header and --body. */
export function suiteTarget(
  command: string,
  values: RequestValues,
  positionals: readonly string[],
  problems: Problems,
  allowFile = true,
): SuiteTarget | undefined {
  const urls = values.url ?? [];
  const [file, ...extra] = positionals;
  if (extra.length > 0)
    problems.add(new SalvoError('SALVO_ERR_USAGE', `one test file at a time, got: ${positionals.join(' ')}`));
  if (file !== undefined) {
    if (!allowFile)
      problems.add(new SalvoError('SALVO_ERR_USAGE', `salvo ${command} takes --url, not a test file`));
    if (urls.length > 0)
      problems.add(new SalvoError('SALVO_ERR_USAGE', 'give a test file or --url, not both'));
    for (const flag of ['method', 'header', 'body'] as const) {
      if (values[flag] !== undefined)
        problems.add(new SalvoError('SALVO_ERR_USAGE', `--${flag} goes with --url only`));
    }
    const env = problems.check(() => envFlag(values.env));
    return { kind: 'file', path: file, ...(env ? { env } : {}) };
  }
  if (urls.length === 0) {
    problems.add(
      new SalvoError(
        'SALVO_ERR_USAGE',
        `nothing to run: give ${allowFile ? 'a test file or ' : ''}--url`,
        `see \`salvo ${command} --help\``,
      ),
    );
    return undefined;
  }
  if (values.env !== undefined)
    problems.add(new SalvoError('SALVO_ERR_USAGE', '--env goes with a test file only'));
  for (const url of urls) {
    if (
      !URL.canParse(url.replaceAll('{key}', 'k')) ||
      !/^https?:$/.test(new URL(url.replaceAll('{key}', 'k')).protocol)
    ) {
      problems.add(
        new SalvoError('SALVO_ERR_USAGE', `--url must be an http:// or https:// URL, got "${url}"`),
      );
    }
  }
  const headers = problems.check(() => headersFlag(values.header)) ?? {};
  const method = (values.method ?? 'GET').toUpperCase();
  return { kind: 'urls', requests: urls.map((url) => ({ url, method, headers, body: values.body })) };
}

export function stepHttp(
  values: { timeout?: string | undefined; transport?: string | undefined; insecure?: boolean | undefined },
  problems: Problems,
): StepHttp {
  return {
    transport: problems.check(() => transportFlag(values.transport)) ?? 'auto',
    insecureSkipTLSVerify: values.insecure === true,
    timeout: problems.check(() => durationFlag(values.timeout, 'timeout')),
  };
}

/** A duration flag in ms (a bare number is seconds); `0` allowed where `allowZero` (no warm-up). */
export function msFlag(
  value: string | undefined,
  flag: string,
  fallbackMs: number,
  allowZero = false,
): number {
  if (value === undefined) return fallbackMs;
  if (allowZero && value.trim() === '0') return 0;
  const text = durationFlag(value, flag)!;
  return parseDuration(text, `--${flag}`);
}

/** A list of positive numbers: `1,5,10`. */
export function numberListFlag(
  value: string | undefined,
  flag: string,
  fallback: readonly number[],
): number[] {
  if (value === undefined) return [...fallback];
  const numbers = value.split(',').map((part) => Number(part.trim()));
  if (numbers.length === 0 || numbers.some((n) => !Number.isFinite(n) || n <= 0)) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `--${flag} must be numbers > 0 separated by commas, e.g. 1,5,10, got ${value}`,
    );
  }
  return [...new Set(numbers)].sort((a, b) => a - b);
}

/**
 * A suite that did not run all its steps (Ctrl-C, or a step that could not start after
 * others ran) exits 2, as an interrupted run does; the reason of a failed one goes to
 * stderr. Undefined for a suite that completed: its command decides.
 */
export function stoppedSuiteExit(meta: SuiteMeta): number | undefined {
  if (meta.outcome === 'failed') process.stderr.write(`salvo: the suite stopped early: ${meta.reason}\n`);
  return meta.outcome === 'completed' ? undefined : EXIT_CODES.interrupted;
}
