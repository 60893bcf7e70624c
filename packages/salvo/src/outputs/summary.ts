import type { Outcome, ResultsDocument } from '../results/index.ts';
import { formatDuration, type Paint, painter, type TextStream } from './format.ts';
import { renderGenerator } from './generator-text.ts';
import { renderAb } from './summary-ab.ts';
import { renderChangePoints } from './summary-change-points.ts';
import { renderFaults } from './summary-faults.ts';
import { renderByName, renderOthers, renderTrends } from './summary-metrics.ts';
import { renderScriptErrors } from './summary-script-errors.ts';
import { renderServer, serverHeaderLines } from './summary-server.ts';
import { renderChecks, renderErrors, renderThresholds } from './summary-verdicts.ts';
import type { Output } from './types.ts';

/** The end-of-test summary table, rendered from the finished run's results document. */

const OUTCOME_LABELS: Record<Outcome, string> = {
  passed: 'passed',
  thresholds_crossed: 'thresholds crossed',
  aborted: 'aborted',
  nothing_succeeded: 'nothing succeeded',
  interrupted: 'interrupted',
  runner_failed: 'runner failed',
};

function outcomeMark(outcome: Outcome, paint: Paint): string {
  if (outcome === 'passed') return paint('green', '✓');
  if (outcome === 'interrupted') return paint('yellow', '■');
  return paint('red', '✗');
}

function runnersText(doc: ResultsDocument): string {
  const kinds = new Map<string, number>();
  for (const r of doc.meta.runners) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
  return [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ') || 'none';
}

function renderHeader(doc: ResultsDocument, paint: Paint): string[] {
  const { meta } = doc;
  const label = (text: string) => paint('dim', text.padEnd(11));
  const lines = [
    `  ${paint('bold', 'salvo')}  ${meta.test}`,
    `  ${label('test id')}${meta.testId}`,
    `  ${label('started')}${meta.startedAt}  ${paint('dim', 'ended')} ${meta.endedAt}`,
    `  ${label('duration')}${formatDuration(meta.durationMs)}   ${paint('dim', 'transport')} ${meta.transport}` +
      `   ${paint('dim', 'runners')} ${runnersText(doc)}`,
    `  ${label('outcome')}${outcomeMark(meta.outcome, paint)} ${OUTCOME_LABELS[meta.outcome]}`,
  ];
  if (meta.reason) lines.push(`  ${label('reason')}${meta.reason}`);
  lines.push(...serverHeaderLines(doc, label));
  return lines;
}

function renderFinalLine(doc: ResultsDocument, paint: Paint): string {
  const { outcome, exitCode, reason } = doc.meta;
  // a run that succeeded at nothing says what in its own words: "no request succeeded: …"
  const verdict =
    outcome === 'nothing_succeeded' && reason
      ? reason
      : `${OUTCOME_LABELS[outcome]}${reason && outcome !== 'passed' ? ` (${reason})` : ''}`;
  const text = `${verdict} · exit code ${exitCode}`;
  const styled =
    outcome === 'passed' ? paint('green', text) : paint(outcome === 'interrupted' ? 'yellow' : 'red', text);
  return `  ${outcomeMark(outcome, paint)} ${paint('bold', styled)}`;
}

/**
 * Renders the summary: header, the generator's own load (a warning when it was saturated),
 * trends (response_time first for open-model runs), other metrics, the per-request-name
 * table, the A/B table, change points, errors by kind, script errors by message, checks, thresholds, and a final line
 * with the outcome and exit code. Lines stay within ~100 columns; ANSI colours only when
 * `options.color`.
 *
 * @example
 * process.stdout.write(renderSummary(doc, { color: process.stdout.isTTY }));
 */
export function renderSummary(doc: ResultsDocument, options: { color: boolean }): string {
  const paint = painter(options.color);
  const sections = [
    renderHeader(doc, paint),
    renderGenerator(doc, paint),
    renderTrends(doc, paint),
    renderOthers(doc, paint),
    renderByName(doc, paint),
    renderAb(doc, paint),
    renderChangePoints(doc, paint),
    renderServer(doc, paint),
    renderFaults(doc, paint),
    renderErrors(doc, paint),
    renderScriptErrors(doc, paint),
    renderChecks(doc, paint),
    renderThresholds(doc, paint),
    [renderFinalLine(doc, paint)],
  ].filter((lines) => lines.length > 0);
  return `\n${sections.map((lines) => lines.join('\n')).join('\n\n')}\n\n`;
}

/**
 * The default summary as text, for a test's `onSummary` that keeps it (k6's textSummary):
 * `return { stdout: textSummary(results), 'summary.json': results }`. No colours unless asked.
 */
export function textSummary(results: ResultsDocument, options: { color?: boolean } = {}): string {
  return renderSummary(results, { color: options.color ?? false });
}

/**
 * The summary as an output: silent during the run, writes the table to `stream` at the end.
 *
 * @example
 * const summary = summaryOutput(process.stdout, { color: true });
 */
export function summaryOutput(stream: TextStream, options: { color: boolean }): Output {
  return {
    name: 'summary',
    defaultSummary: true,
    start() {},
    interval() {},
    end(results) {
      stream.write(renderSummary(results, options));
    },
  };
}
