/** Small helpers shared by the per-tool output parsers. */

/** The first capture group of `pattern` in `text` as a number, or an error naming the tool. */
export function matchNumber(text: string, pattern: RegExp, tool: string, what: string): number {
  const value = optionalNumber(text, pattern);
  if (value === null) throw new Error(`${tool}: cannot find ${what} in its output`);
  return value;
}

/** The first capture group of `pattern` in `text` as a number, or null when absent. */
export function optionalNumber(text: string, pattern: RegExp): number | null {
  const match = pattern.exec(text);
  if (match?.[1] === undefined) return null;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : null;
}

const MS_PER_UNIT: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `313.00us`, `1.62ms`, `2.00s` (wrk's units) to milliseconds. */
export function durationToMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  const factor = match?.[2] === undefined ? undefined : MS_PER_UNIT[match[2]];
  if (match?.[1] === undefined || factor === undefined) throw new Error(`not a duration: ${text}`);
  return Number(match[1]) * factor;
}
