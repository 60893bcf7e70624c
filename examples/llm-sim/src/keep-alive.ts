import { RequestError } from './request-error.ts';

/** Ollama keeps a model loaded this long after a request when keep_alive is not given. */
export const DEFAULT_KEEP_ALIVE_MS = 5 * 60_000;

/** What Ollama's "forever" (a negative keep_alive) becomes: the longest Go duration, about 292 years. */
export const FOREVER_MS = 9_223_372_036_854;

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const DURATION = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g;

/**
 * keep_alive as Ollama reads it: a number of seconds or a Go duration string ("5m", "1h30m", "0");
 * a negative value keeps the model loaded forever. Returns milliseconds.
 */
export function parseKeepAlive(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_KEEP_ALIVE_MS;
  let ms: number;
  if (typeof value === 'number' && Number.isFinite(value)) {
    ms = value * 1000;
  } else if (typeof value === 'string' && (value === '0' || DURATION.test(value))) {
    ms = 0;
    for (const [, amount, unit] of value.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit!]!;
    if (value.startsWith('-')) ms = -ms;
  } else {
    throw new RequestError(400, `keep_alive: time: invalid duration ${JSON.stringify(value)}`);
  }
  return ms < 0 ? FOREVER_MS : ms;
}
