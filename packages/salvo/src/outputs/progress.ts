import { formatDuration, formatMs, formatPercent, type TextStream } from './format.ts';
import { saturationNotice } from './generator-text.ts';
import type { IntervalView, Output, RunMeta } from './types.ts';

/**
 * The live progress line. On a TTY one line is rewritten in place every interval; otherwise
 * (CI logs, pipes) a plain line every `everyIntervals` intervals, and always the last one.
 */

const CLEAR_LINE = '\r\u001b[2K';
const BAR_WIDTH = 20;

export interface ProgressOptions {
  /** Rewrite one line in place (a terminal) instead of printing periodic lines. */
  readonly tty: boolean;
  /** Plain mode: print every this many intervals (default 5). */
  readonly everyIntervals?: number;
}

function bar(ratio: number): string {
  const clamped = Math.min(1, Math.max(0, ratio));
  const filled = Math.round(clamped * BAR_WIDTH);
  return `[${'='.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}] ${Math.floor(clamped * 100)}%`;
}

/**
 * One progress line for an interval: elapsed/ETA, VUs, req/s, p95, error rate, and a bar,
 * or instead of the bar a warning while the generator itself is saturated.
 */
export function progressLine(view: IntervalView, plannedDurationMs: number | undefined): string {
  const { total } = view;
  const seconds = Math.max(0.001, (view.endMs - view.startMs) / 1000);
  const parts = [
    plannedDurationMs === undefined
      ? formatDuration(view.elapsedMs)
      : `${formatDuration(view.elapsedMs)}/${formatDuration(plannedDurationMs)} ETA ${formatDuration(
          Math.max(0, plannedDurationMs - view.elapsedMs),
        )}`,
    `VUs ${view.vus}/${view.vusMax}`,
    `${Math.round(total.requests / seconds)} req/s`,
    `p95 ${total.duration ? formatMs(total.duration.p95) : '-'}`,
  ];
  if (total.responseTime) parts.push(`rt p95 ${formatMs(total.responseTime.p95)}`);
  parts.push(`err ${total.requests > 0 ? formatPercent(total.failures / total.requests) : '0.00%'}`);
  if (view.droppedIterations > 0) parts.push(`dropped ${view.droppedIterations}`);
  const saturated = saturationNotice(view);
  if (saturated) parts.push(saturated);
  else if (plannedDurationMs !== undefined && plannedDurationMs > 0) {
    parts.push(bar(view.elapsedMs / plannedDurationMs));
  }
  return parts.join('  ');
}

/**
 * Live progress to `stream` (stderr by default, so stdout can be piped).
 *
 * @example
 * const progress = progressOutput(process.stderr, { tty: process.stderr.isTTY === true });
 */
export function progressOutput(
  stream: TextStream = process.stderr,
  options: ProgressOptions = { tty: process.stderr.isTTY === true },
): Output {
  const every = Math.max(1, Math.floor(options.everyIntervals ?? 5));
  let plannedDurationMs: number | undefined;
  let lastLine: string | undefined;
  let lastPrinted = true;
  let seen = 0;

  return {
    name: 'progress',
    start(meta: RunMeta) {
      plannedDurationMs = meta.plannedDurationMs;
    },
    interval(view) {
      seen++;
      lastLine = progressLine(view, plannedDurationMs);
      if (options.tty) {
        // Never wider than the terminal: a wrapped line cannot be rewritten in place.
        const width = stream.columns || 100; // 0 when the terminal does not say
        stream.write(`${CLEAR_LINE}${lastLine.slice(0, Math.max(10, width - 1))}`);
        lastPrinted = true;
      } else {
        lastPrinted = seen % every === 0;
        if (lastPrinted) stream.write(`${lastLine}\n`);
      }
    },
    end() {
      if (lastLine === undefined) return;
      if (options.tty) stream.write(`${CLEAR_LINE}${lastLine}\n`);
      else if (!lastPrinted) stream.write(`${lastLine}\n`);
    },
  };
}
