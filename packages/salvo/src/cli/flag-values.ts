import { readFileSync } from 'node:fs';
import { Problems, SalvoError } from '../errors.ts';
import { parseDuration } from '../plan/duration.ts';
import type { Stage } from '../plan/types.ts';
import { secondsIfBare } from './args.ts';

/**
 * The values of the flags users bring from k6, Locust, autocannon and hey (`--stage`, `-e`,
 * `--tag`, `--http-debug`, `--body-file`): each bad value is its own problem, so a command
 * line with three mistakes gets three lines at once.
 */

/** `--stage 30s:50` (repeatable), k6's syntax; a bare duration is seconds, as `-d` reads it. */
export function stagesFlag(values: readonly string[] | undefined): Stage[] | undefined {
  if (values === undefined) return undefined;
  const problems = new Problems();
  const stages = values.map((value) => problems.check(() => stageFlag(value)));
  problems.throwIfAny();
  return stages;
}

function stageFlag(value: string): Stage {
  const colon = value.lastIndexOf(':');
  const duration = secondsIfBare(value.slice(0, colon));
  const target = Number(value.slice(colon + 1));
  const bad = () =>
    new SalvoError(
      'SALVO_ERR_USAGE',
      `--stage must look like DURATION:VUS, e.g. 30s:50 (ramp to 50 VUs over 30 s), got "${value}"`,
    );
  if (colon <= 0 || value.slice(colon + 1).trim() === '' || !Number.isInteger(target) || target < 0) {
    throw bad();
  }
  try {
    parseDuration(duration, '--stage');
  } catch {
    throw bad();
  }
  return { duration, target };
}

/** Names the engine tags samples with itself: a run tag of that name would be overwritten. */
const SYSTEM_TAGS = ['scenario', 'name', 'method', 'status', 'check', 'kind', 'target'];

/** `-e KEY=VALUE` into a record (the value may hold `=`); repeated keys: the last wins. */
export function envFlag(values: readonly string[] | undefined): Record<string, string> | undefined {
  return pairsFlag(values, 'env', 'KEY=VALUE', (key) =>
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? undefined : 'a name of letters, digits and _',
  );
}

/** `--tag key=value` into a record; the engine's own tag names are refused. */
export function tagsFlag(values: readonly string[] | undefined): Record<string, string> | undefined {
  return pairsFlag(values, 'tag', 'NAME=VALUE', (key) =>
    SYSTEM_TAGS.includes(key) ? `"${key}" is a tag Salvo sets itself` : undefined,
  );
}

function pairsFlag(
  values: readonly string[] | undefined,
  flag: string,
  shape: string,
  badKey: (key: string) => string | undefined,
): Record<string, string> | undefined {
  if (values === undefined) return undefined;
  const problems = new Problems();
  const pairs: Record<string, string> = {};
  for (const value of values) {
    const equals = value.indexOf('=');
    const key = value.slice(0, equals).trim();
    const why = equals <= 0 || key === '' ? undefined : badKey(key);
    if (equals <= 0 || key === '') {
      problems.add(new SalvoError('SALVO_ERR_USAGE', `--${flag} must look like ${shape}, got "${value}"`));
    } else if (why !== undefined) {
      problems.add(new SalvoError('SALVO_ERR_USAGE', `--${flag} "${value}": ${why}`));
    } else {
      pairs[key] = value.slice(equals + 1);
    }
  }
  problems.throwIfAny();
  return pairs;
}

export type HttpDebug = 'headers' | 'full';

/** `--http-debug` (request and response heads) or `--http-debug=full` (bodies too). */
export function httpDebugFlag(value: string | undefined): HttpDebug | undefined {
  if (value === undefined) return undefined;
  if (value === 'headers' || value === 'full') return value;
  throw new SalvoError(
    'SALVO_ERR_USAGE',
    `--http-debug takes no value or =full, got "--http-debug=${value}"`,
  );
}

/** `--body-file PATH`: its bytes, read once (binary bodies stay binary). */
export function bodyFileFlag(path: string | undefined): Uint8Array | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SalvoError('SALVO_ERR_USAGE', `--body-file ${path} cannot be read (${why})`);
  }
}

/** `--scrape URL` (repeatable): the service's Prometheus endpoints, added to the test's `scrape`. */
export function scrapeFlag(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const problems = new Problems();
  for (const value of values) {
    if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
      problems.add(
        new SalvoError('SALVO_ERR_USAGE', `--scrape must be an http:// or https:// URL, got "${value}"`),
      );
  }
  problems.throwIfAny();
  return [...values];
}
