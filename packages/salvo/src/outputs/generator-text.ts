import {
  type GeneratorLoad,
  type IntervalView,
  type ResultsDocument,
  type SaturatedStretch,
  worstLoad,
} from '../results/index.ts';
import { formatMs, type Paint } from './format.ts';

/** The generator's own load in the summary and the progress line. */

const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

/** `cpu 15% · cpu wait 80% · loop busy 51% · loop delay p99 84.20ms` (cpu wait: Linux only) */
export function describeLoad(load: GeneratorLoad): string {
  const wait = load.cpuWait === undefined ? '' : ` · cpu wait ${percent(load.cpuWait)}`;
  const delay = formatMs(load.eventLoopDelayP99Ms);
  return `cpu ${percent(load.cpu)}${wait} · loop busy ${percent(load.elu)} · loop delay p99 ${delay}`;
}

/** Seconds from the run's start, as the progress line counts them: `t=3–9s`. */
function when(stretch: Pick<SaturatedStretch, 'fromMs' | 'toMs'>): string {
  const seconds = (ms: number) => Math.round(ms / 100) / 10;
  return `t=${seconds(stretch.fromMs)}–${seconds(stretch.toMs)}s`;
}

/**
 * One line of the generator's peak load when it had room; when it did not, a warning per
 * saturated stretch saying when, which runner and why, and that the latencies measured
 * then include the generator's own delay.
 */
export function renderGenerator(doc: ResultsDocument, paint: Paint): string[] {
  const label = (text: string) => paint('dim', text.padEnd(11));
  const { runners, saturated } = doc.generator;
  const peaks = Object.values(runners);
  if (peaks.length === 0) return [];
  if (saturated.length === 0) {
    const busiest = worstLoad(peaks)!;
    return [`  ${label('generator')}had room: at most ${describeLoad(busiest)}`];
  }
  const lines = [
    `  ${paint('yellow', '⚠ the load generator was saturated: it, not only the service, set the pace')}`,
  ];
  for (const stretch of saturated) {
    lines.push(`  ${label(`  ${when(stretch)}`)}runner ${stretch.runner}: ${describeLoad(stretch.peak)}`);
  }
  const times = saturated.map(when).join(', ');
  lines.push(
    `  ${paint('yellow', `latencies from ${times} were measured by a saturated generator and include its own delay`)}`,
  );
  const reasons = new Set(saturated.flatMap((stretch) => stretch.reasons));
  if (reasons.has('elu') || reasons.has('cpu') || reasons.has('event_loop_delay')) {
    lines.push(
      paint(
        'dim',
        '  spread the load: more --workers (one per core), fewer VUs per machine, or more machines',
      ),
    );
  }
  if (reasons.has('cpu_wait')) {
    lines.push(
      paint(
        'dim',
        '  other processes took its cores (the service too, if it runs here): give Salvo cores of its own',
      ),
    );
  }
  return lines;
}

/**
 * For the progress line while a runner is saturated, in place of its bar: short, so a
 * terminal line keeps it (the summary says why and when).
 */
export function saturationNotice(view: IntervalView): string | undefined {
  const saturated = view.generator?.saturated ?? [];
  return saturated.length === 0 ? undefined : `⚠ generator saturated (${saturated.join(', ')})`;
}
