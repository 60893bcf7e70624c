import { Problems, SalvoError } from '../errors.ts';
import { parseDuration } from '../plan/duration.ts';
import { closestName } from './suggest.ts';

interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** Its short letters: `'uc'` is `-u` and `-c` (the second for autocannon's, hey's and wrk's habit). */
  readonly short?: string;
  readonly multiple?: boolean;
  /**
   * The value of a string option given bare (`--http-debug`); another value goes after
   * `=` only (`--http-debug=full`), as k6 reads it, so a test file after it stays a file.
   */
  readonly bare?: string;
}

/** The options of `salvo run` (docs/cli.md maps the flags of k6, Locust, autocannon, hey and wrk). */
export const RUN_OPTIONS = {
  url: { type: 'string' },
  method: { type: 'string', short: 'Xm' },
  header: { type: 'string', short: 'H', multiple: true },
  body: { type: 'string', short: 'b' },
  'body-file': { type: 'string' },
  vus: { type: 'string', short: 'uc' },
  duration: { type: 'string', short: 'd' },
  iterations: { type: 'string', short: 'in' },
  rate: { type: 'string', short: 'rR' },
  'max-vus': { type: 'string' },
  stage: { type: 'string', multiple: true },
  users: { type: 'string' },
  'spawn-rate': { type: 'string' },
  workers: { type: 'string', short: 'w' },
  cluster: { type: 'string' },
  'runners-min': { type: 'string' },
  'on-runner-lost': { type: 'string' },
  env: { type: 'string', short: 'e', multiple: true },
  tag: { type: 'string', multiple: true },
  timeout: { type: 'string', short: 't' },
  pipelining: { type: 'string', short: 'p' },
  http2: { type: 'boolean' },
  h2c: { type: 'boolean' },
  'http-debug': { type: 'string', bare: 'headers' },
  out: { type: 'string', short: 'o', multiple: true },
  scrape: { type: 'string', multiple: true },
  ab: { type: 'string' },
  'faults-from': { type: 'string' },
  transport: { type: 'string' },
  insecure: { type: 'boolean', short: 'k' },
  'no-thresholds': { type: 'boolean' },
  'no-summary': { type: 'boolean' },
  'summary-trend-stats': { type: 'string' },
  latency: { type: 'boolean' },
  csv: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'no-color': { type: 'boolean' },
  // bare: k6's dashboard port, so habits and bookmarks carry over
  dashboard: { type: 'string', bare: '5665' },
  'dashboard-host': { type: 'string' },
  'dashboard-open': { type: 'boolean' },
  'dashboard-linger': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, OptionSpec>;

type Options = typeof RUN_OPTIONS;
export type RunValues = {
  -readonly [K in keyof Options]?: Options[K] extends { type: 'boolean' }
    ? boolean
    : Options[K] extends { multiple: true }
      ? string[]
      : string;
};

const LONG_NAMES = Object.keys(RUN_OPTIONS) as (keyof Options)[];
const BY_SHORT = new Map<string, keyof Options>(
  LONG_NAMES.flatMap((name) => {
    const spec: OptionSpec = RUN_OPTIONS[name];
    return [...(spec.short ?? '')].map((letter) => [letter, name] as const);
  }),
);
const NEGATIVE_NUMBER = /^-\d/;
const SEE_HELP = 'see `salvo run --help`';

/**
 * Reads `salvo run`'s arguments: `--name value`, `--name=value`, `-u 10`, `-u10`, `-qk`,
 * and positionals (everything after `--` too). A value may start with "-" when it is a
 * number (`--vus -1` then gets a clear "must be >= 1"). Every unknown option and missing
 * value goes to `problems`, so they are reported with the values' own problems at once.
 * Not node:util's parseArgs: it throws at the first problem, in its own words, and reads
 * `--vus -1` as two options.
 */
export function parseRunArgs(
  args: readonly string[],
  problems: Problems,
): { values: RunValues; positionals: string[] } {
  const values: Record<string, string | string[] | boolean> = {};
  const positionals: string[] = [];
  const set = (name: keyof Options, value: string | true) => {
    const spec: OptionSpec = RUN_OPTIONS[name];
    if (spec.multiple)
      ((values[name] as string[] | undefined) ?? (values[name] = [] as string[])).push(value as string);
    else values[name] = value;
  };
  /** The value of a string option: the rest of its token, or the next argument. */
  const takeValue = (
    shown: string,
    inline: string | undefined,
    index: number,
  ): [string | undefined, number] => {
    if (inline !== undefined) return [inline, index];
    const next = args[index + 1];
    if (next === undefined || (next.startsWith('-') && !NEGATIVE_NUMBER.test(next))) {
      problems.add(new SalvoError('SALVO_ERR_USAGE', `${shown} needs a value`, SEE_HELP));
      return [undefined, index];
    }
    return [next, index + 1];
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = arg.slice(2, equals < 0 ? undefined : equals);
      const inline = equals < 0 ? undefined : arg.slice(equals + 1);
      if (!(name in RUN_OPTIONS)) {
        const meant = closestName(name, LONG_NAMES);
        problems.add(unknownOption(`--${name}`, meant && `--${meant}`));
        // `--vsu 3`: the 3 belongs to the option meant, not to the positionals
        const next = args[i + 1];
        if (
          meant &&
          inline === undefined &&
          RUN_OPTIONS[meant].type === 'string' &&
          (RUN_OPTIONS[meant] as OptionSpec).bare === undefined &&
          next &&
          !next.startsWith('-')
        )
          i++;
        continue;
      }
      const option = name as keyof Options;
      if (RUN_OPTIONS[option].type === 'boolean') {
        if (inline !== undefined)
          problems.add(new SalvoError('SALVO_ERR_USAGE', `--${name} takes no value, got "${arg}"`));
        else set(option, true);
        continue;
      }
      const bare = (RUN_OPTIONS[option] as OptionSpec).bare;
      if (bare !== undefined) {
        set(option, inline ?? bare);
        continue;
      }
      const [value, last] = takeValue(`--${name}`, inline, i);
      i = last;
      if (value !== undefined) set(option, value);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1 && !NEGATIVE_NUMBER.test(arg)) {
      // a cluster of short options: `-qk`, or `-u10` where the rest is the value
      for (let at = 1; at < arg.length; at++) {
        const letter = arg[at]!;
        const option = BY_SHORT.get(letter);
        if (option === undefined) {
          problems.add(unknownOption(`-${letter}`, undefined));
          break;
        }
        if (RUN_OPTIONS[option].type === 'boolean') {
          set(option, true);
          continue;
        }
        const rest = arg.slice(at + 1);
        const [value, last] = takeValue(`-${letter}, --${option}`, rest === '' ? undefined : rest, i);
        i = last;
        if (value !== undefined) set(option, value);
        break;
      }
      continue;
    }
    positionals.push(arg);
  }
  return { values: values as RunValues, positionals };
}

function unknownOption(shown: string, meant: string | undefined): SalvoError {
  return meant
    ? new SalvoError('SALVO_ERR_USAGE', `unknown option ${shown} (did you mean ${meant}?)`)
    : new SalvoError('SALVO_ERR_USAGE', `unknown option ${shown}`, SEE_HELP);
}

export function wholeFlag(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < min) {
    throw new SalvoError('SALVO_ERR_USAGE', `--${flag} must be a whole number >= ${min}, got ${value}`);
  }
  return number;
}

export function positiveFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    throw new SalvoError('SALVO_ERR_USAGE', `--${flag} must be a number > 0, got ${value}`);
  }
  return number;
}

/**
 * `--duration` (and `--timeout`): a bare number is seconds on the command line (as wrk,
 * autocannon and hey read it; a test file's bare number stays milliseconds, as k6's options
 * do). Returned in the test file's syntax ('5s'), so a test and its override read the same way.
 */
export function durationFlag(value: string | undefined, flag = 'duration'): string | undefined {
  if (value === undefined) return undefined;
  const text = secondsIfBare(value);
  let ms: number;
  try {
    ms = parseDuration(text, `--${flag}`);
  } catch {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `--${flag} must be a duration like 30s, 1m30s or 90 (seconds), got ${value}`,
    );
  }
  if (ms <= 0) throw new SalvoError('SALVO_ERR_USAGE', `--${flag} must be longer than 0, got ${value}`);
  return text;
}

/** `90` → `90s`; anything else as it is. */
export function secondsIfBare(value: string): string {
  return /^\d+(\.\d+)?$/.test(value.trim()) ? `${value.trim()}s` : value;
}

export function workersFlag(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const workers = Number(value);
  if (value.trim() === '' || !Number.isInteger(workers) || workers < 1) {
    throw new SalvoError('SALVO_ERR_USAGE', `--workers must be auto or a whole number >= 1, got ${value}`);
  }
  return workers;
}

export function transportFlag(value: string | undefined): 'auto' | 'lean' | 'undici' | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto' || value === 'lean' || value === 'undici') return value;
  throw new SalvoError('SALVO_ERR_USAGE', `--transport must be auto, lean or undici, got ${value}`);
}

/** `-H 'Name: value'` into a record; every malformed header is its own problem. */
export function headersFlag(values: readonly string[] | undefined): Record<string, string> {
  const problems = new Problems();
  const headers: Record<string, string> = {};
  for (const line of values ?? []) {
    const colon = line.indexOf(':');
    if (colon <= 0)
      problems.add(new SalvoError('SALVO_ERR_USAGE', `--header must look like "Name: value", got "${line}"`));
    else headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  problems.throwIfAny();
  return headers;
}
