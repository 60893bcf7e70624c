import { SalvoError } from '../errors.ts';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
/** Node's timers hold at most 2^31 - 1 ms (about 24.8 days). */
const MAX_DURATION_MS = 24 * 24 * 3_600_000;

/**
 * Parses a duration as users write it ('30s', '1m30s', '250ms', '1.5h') or a number of
 * milliseconds, into milliseconds. `what` names the setting in the error message.
 *
 * @example parseDuration('1m30s', 'duration') // 90000
 */
export function parseDuration(input: string | number, what: string): number {
  const ms = parseMs(input, what);
  if (ms > MAX_DURATION_MS) {
    throw new SalvoError(
      'SALVO_ERR_DURATION',
      `${what}: "${input}" is longer than the 24 days Salvo can time`,
    );
  }
  return ms;
}

function parseMs(input: string | number, what: string): number {
  if (typeof input === 'number') {
    if (Number.isFinite(input) && input >= 0) return input;
    throw durationError(what, String(input));
  }
  const text = input.trim();
  if (text === '') throw durationError(what, input);
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  let totalMs = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const start = PART.lastIndex;
    const match = PART.exec(text);
    if (!match || match.index !== start) throw durationError(what, input);
    totalMs += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  }
  return totalMs;
}

function durationError(what: string, input: string): SalvoError {
  return new SalvoError(
    'SALVO_ERR_DURATION',
    `invalid duration for ${what}: "${input}"`,
    "use a number of milliseconds or units like '250ms', '30s', '1m30s', '2h'",
  );
}
