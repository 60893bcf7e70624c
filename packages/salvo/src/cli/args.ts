import { parseArgs } from 'node:util';
import { SalvoError } from '../errors.ts';

/** The options of `salvo run`, as node:util parseArgs reads them. */
export const RUN_OPTIONS = {
  url: { type: 'string' },
  method: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  body: { type: 'string' },
  vus: { type: 'string', short: 'u' },
  duration: { type: 'string', short: 'd' },
  iterations: { type: 'string', short: 'i' },
  rate: { type: 'string', short: 'r' },
  'max-vus': { type: 'string' },
  workers: { type: 'string', short: 'w' },
  out: { type: 'string', short: 'o', multiple: true },
  transport: { type: 'string' },
  insecure: { type: 'boolean', short: 'k' },
  quiet: { type: 'boolean', short: 'q' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type RunValues = ReturnType<typeof parseRunArgs>['values'];

export function parseRunArgs(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: RUN_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    throw new SalvoError('SALVO_ERR_USAGE', message.replace(/\.$/, ''), 'see `salvo run --help`');
  }
}

export function wholeFlag(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) {
    throw new SalvoError('SALVO_ERR_USAGE', `--${flag} must be a whole number >= ${min}, got "${value}"`);
  }
  return number;
}

export function positiveFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new SalvoError('SALVO_ERR_USAGE', `--${flag} must be a number > 0, got "${value}"`);
  }
  return number;
}

export function workersFlag(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  return wholeFlag(value, 'workers', 1)!;
}

export function transportFlag(value: string | undefined): 'auto' | 'lean' | 'undici' | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto' || value === 'lean' || value === 'undici') return value;
  throw new SalvoError('SALVO_ERR_USAGE', `--transport must be auto, lean or undici, got "${value}"`);
}

/** `-H 'Name: value'` into a record. */
export function headersFlag(values: readonly string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of values ?? []) {
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw new SalvoError('SALVO_ERR_USAGE', `--header must look like "Name: value", got "${line}"`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}
