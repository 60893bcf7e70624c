import type { IntervalView, RunMeta } from '../results/index.ts';
import { formatDuration, formatMs, formatPercent, type TextStream } from './format.ts';
import { saturationNotice } from './generator-text.ts';
import { RecentRate } from './progress-rate.ts';
import type { Output } from './types.ts';

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

/** What the line needs of the plan: its planned end (see RunMeta). */
export type ProgressPlan = Pick<RunMeta, 'plannedDurationMs' | 'endsBy' | 'plannedIterations'>;

/** What the progress output keeps across intervals. */
export interface ProgressFigures {
  /** Requests per second over the last whole intervals (RecentRate). */
  readonly rateRps: number;
  /** Iterations finished since the start. */
  readonly iterationsDone: number;
}

/**
 * Where the run is: elapsed/planned with an ETA when time ends it; iterations done/planned
 * with maxDuration as the bound when iterations do (no ETA: the pace decides); for a mix,
 * the bound alone. `ratio` fills the bar, when there is one.
 */
function position(
  view: IntervalView,
  plan: ProgressPlan,
  figures: ProgressFigures,
): { text: string; ratio: number | undefined } {
  const elapsed = formatDuration(view.elapsedMs);
  const planned = plan.plannedDurationMs;
  if (planned === undefined) return { text: elapsed, ratio: undefined };
  const bound = `${elapsed} (max ${formatDuration(planned)})`;
  if (plan.endsBy === 'either') return { text: bound, ratio: undefined };
  if (plan.endsBy === 'iterations') {
    const total = plan.plannedIterations ?? 0;
    const done = figures.iterationsDone;
    return { text: `${bound}  it ${done}/${total}`, ratio: total > 0 ? done / total : undefined };
  }
  const eta = formatDuration(Math.max(0, planned - view.elapsedMs));
  return {
    text: `${elapsed}/${formatDuration(planned)} ETA ${eta}`,
    ratio: planned > 0 ? view.elapsedMs / planned : undefined,
  };
}

/**
 * One progress line for an interval: where the run is, VUs, req/s, p95, error rate, and a
 * bar, or instead of the bar a warning while the generator itself is saturated.
 */
export function progressLine(view: IntervalView, plan: ProgressPlan, figures: ProgressFigures): string {
  const { total } = view;
  const where = position(view, plan, figures);
  const parts = [
    where.text,
    `VUs ${view.vus}/${view.vusMax}`,
    `${Math.round(figures.rateRps)} req/s`,
    `p95 ${total.duration ? formatMs(total.duration.p95) : '-'}`,
  ];
  if (total.responseTime) parts.push(`rt p95 ${formatMs(total.responseTime.p95)}`);
  parts.push(`err ${total.requests > 0 ? formatPercent(total.failures / total.requests) : '0.00%'}`);
  if (view.droppedIterations > 0) parts.push(`dropped ${view.droppedIterations}`);
  const saturated = saturationNotice(view);
  if (saturated) parts.push(saturated);
  else if (where.ratio !== undefined) parts.push(bar(where.ratio));
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
  let plan: ProgressPlan = { plannedDurationMs: undefined };
  let rate = new RecentRate();
  let iterationsDone = 0;
  let lastLine: string | undefined;
  let lastPrinted = true;
  let seen = 0;

  return {
    name: 'progress',
    start(meta: RunMeta) {
      plan = meta;
      rate = new RecentRate();
      iterationsDone = 0;
    },
    interval(view) {
      seen++;
      rate.add(view.total.requests, view.startMs, view.endMs);
      iterationsDone += view.iterations;
      lastLine = progressLine(view, plan, { rateRps: rate.perSecond(), iterationsDone });
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
