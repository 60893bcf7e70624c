/**
 * Number, unit and colour formatting shared by the terminal outputs (summary, progress).
 * Every function returns a short string meant for a fixed-width column.
 */

/** The part of a Node stream the text outputs use; tests pass a capturing fake. */
export interface TextStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** A time in milliseconds as µs below 1 ms, ms below 1 s, s below 1 min, then `XmY.Ys`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${ms.toFixed(2)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${((ms - minutes * 60_000) / 1000).toFixed(1)}s`;
}

/**
 * A time in milliseconds to three significant digits, at most 6 characters (`610µs`,
 * `2.45ms`, `12.5ms`, `310ms`, `1.45s`, `2m05s`): for tables that need narrow columns.
 */
export function formatMsShort(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : ms < 100 ? 1 : 0)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const totalS = Math.round(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  if (totalS < 3600) return `${Math.floor(totalS / 60)}m${two(totalS % 60)}s`;
  return `${Math.floor(totalS / 3600)}h${two(Math.floor((totalS % 3600) / 60))}m`;
}

/** A whole-run duration: `42.1s`, `3m05s`, `1h02m03s`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalS = Math.round(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}h${mm}m${ss}s` : `${m}m${ss}s`;
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** Bytes in decimal units as k6 prints them: `512 B`, `1.2 MB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 ? 0 : value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** A plain count or rate: integers as they are, fractions with up to 2 decimals. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return value.toFixed(abs >= 100 ? 1 : 2);
}

/** A 0..1 ratio as a percentage with two decimals. */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(2)}%`;
}

/** Shortens text to `width` characters, keeping both ends (request names differ at either end). */
export function truncateMiddle(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return text.slice(0, width);
  const head = Math.ceil((width - 1) / 2);
  const tail = width - 1 - head;
  return `${text.slice(0, head)}…${tail > 0 ? text.slice(-tail) : ''}`;
}

/** Shortens text to `width` characters, cutting the end. */
export function truncateEnd(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

const ANSI = {
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
} as const;
type Style = keyof typeof ANSI;
export type Paint = (style: Style, text: string) => string;
const RESET = '\u001b[0m';

/** Returns a painter that wraps text in an ANSI style, or leaves it plain when colour is off. */
export function painter(color: boolean): Paint {
  return color ? (style, text) => `${ANSI[style]}${text}${RESET}` : (_style, text) => text;
}

/** Left-pads or right-pads cells to fixed widths; the first column is left-aligned, the rest right. */
export function row(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
    .join(' ')
    .trimEnd();
}

/**
 * Orders strings by code unit. The summary sorts names for a stable order, not for readers
 * of one language; `localeCompare` would load ICU's collator (~3 MB) at the end of a run.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
