import { Problems, SalvoError } from '../errors.ts';
import { parseDuration } from './duration.ts';

/** Small checks that name the setting they reject, for one-line definition errors. */

export function definitionError(path: string, problem: string): SalvoError {
  return new SalvoError('SALVO_ERR_TEST_DEFINITION', `${path}: ${problem}`);
}

export function wholeNumber(value: unknown, path: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw definitionError(path, `must be a whole number >= ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function positiveNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw definitionError(path, `must be a number >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function durationMs(value: unknown, path: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw definitionError(path, `must be a duration like '30s', got ${JSON.stringify(value)}`);
  }
  return parseDuration(value, path);
}

export function optionalFunction<T>(value: unknown, path: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw definitionError(path, 'must be a function');
  return value as T;
}

export function stringRecord(value: unknown, path: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw definitionError(path, 'must be an object of strings');
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw definitionError(`${path}.${key}`, 'must be a string');
  }
  return value as Record<string, string>;
}

export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw definitionError(path, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
}

/** Every unknown key is its own problem. */
export function rejectUnknownKeys(value: object, path: string, known: readonly string[]): void {
  const problems = new Problems();
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      problems.add(definitionError(path ? `${path}.${key}` : key, 'is not a known option'));
  }
  problems.throwIfAny();
}

export function optionalWhole(value: unknown, path: string, min: number, fallback: number): number {
  return value === undefined ? fallback : wholeNumber(value, path, min);
}
