import { formatMsShort, formatNumber, formatPercent } from '../../outputs/index.ts';
import type { CapacityDocument, CapacityStep } from './document.ts';

const ms = (value: number | null) => (value === null ? '-' : formatMsShort(value));

/** One line per step, printed as the search goes. */
export function capacityStepLine(step: CapacityStep): string {
  const verdict = step.holds ? 'holds' : `FAILS: ${step.reasons.join('; ')}`;
  return (
    `${step.phase} ${formatNumber(step.rateRps)} req/s: ${formatNumber(step.throughputRps)} req/s done` +
    `  p50 ${ms(step.p50Ms)}  p99 ${ms(step.p99Ms)}  errors ${formatPercent(step.errorRate)}  ${verdict}`
  );
}

const ENDINGS: Record<CapacityDocument['end'], (doc: CapacityDocument) => string> = {
  narrowed: (doc) =>
    `sustainable rate: ${formatNumber(doc.sustainableRps!)} req/s (held; ${formatNumber(doc.failedRps!)} req/s did not)`,
  max_rate_held: (doc) =>
    `sustainable rate: at least ${formatNumber(doc.sustainableRps!)} req/s, the highest asked for (--max-rate)`,
  first_step_failed: (doc) =>
    `no sustainable rate found: the first step, ${formatNumber(doc.failedRps!)} req/s, already failed (lower --start-rate)`,
  generator_saturated: (doc) =>
    `stopped early: the load generator saturated, not the service. ${
      doc.sustainableRps === null
        ? 'No step held before it.'
        : `The service held ${formatNumber(doc.sustainableRps)} req/s;`
    } its limit is higher than Salvo could measure here (add --workers or machines)`,
  interrupted: (doc) =>
    `${doc.meta.outcome === 'failed' ? 'stopped early (a step could not start)' : 'interrupted'}: ${doc.sustainableRps === null ? 'no step held yet' : `${formatNumber(doc.sustainableRps)} req/s held so far`}`,
};

/** The end-of-search summary: the sustainable rate and why the search ended. */
export function capacitySummary(doc: CapacityDocument): string {
  const slo = Object.entries(doc.meta.slo).flatMap(([key, list]) =>
    list.map((expression) => `${key} ${expression}`),
  );
  return `SLO: ${slo.join(', ')}\n${ENDINGS[doc.end](doc)}\n`;
}
