import { formatMsShort, formatNumber, formatPercent } from '../../outputs/index.ts';
import type { SweepDocument, SweepEndpoint, SweepLevel } from './document.ts';

/** Below this R² the curve explains too little of the throughput to read its coefficients. */
const POOR_FIT = 0.8;

const ms = (value: number | null) => (value === null ? '-' : formatMsShort(value));

/** One line per measured level, printed as the sweep goes. */
export function sweepLevelLine(endpoint: string, level: SweepLevel, model: 'closed' | 'open'): string {
  const unit = model === 'closed' ? 'VUs' : 'req/s offered';
  const generator = level.generator.saturated
    ? `  generator SATURATED (${level.generator.reasons.join(', ')})`
    : `  generator cpu ${formatPercent(level.generator.cpu)}`;
  return (
    `${endpoint}  ${level.level} ${unit}: ${formatNumber(level.throughputRps)} req/s` +
    `  p50 ${ms(level.p50Ms)}  p95 ${ms(level.p95Ms)}  p99 ${ms(level.p99Ms)}` +
    `  errors ${formatPercent(level.errorRate)}${generator}`
  );
}

function endpointLines(endpoint: SweepEndpoint, model: 'closed' | 'open'): string[] {
  const lines = [`${endpoint.name}`];
  const { knee, usl } = endpoint;
  lines.push(
    knee
      ? `  knee at ${knee.level} ${model === 'closed' ? 'VUs' : 'req/s offered'}: ${formatNumber(knee.goodputRps)} successful req/s`
      : '  no knee: throughput kept growing with the level (or never grew)',
  );
  if (usl) {
    const peak =
      usl.peakConcurrency === null
        ? usl.peakThroughput === null
          ? 'no peak (linear)'
          : `no peak; approaches ${formatNumber(usl.peakThroughput)} req/s`
        : `peak at N* = ${formatNumber(usl.peakConcurrency)}: ${formatNumber(usl.peakThroughput!)} req/s`;
    lines.push(
      `  USL: λ ${formatNumber(usl.lambda)} req/s, σ ${usl.sigma.toPrecision(3)}, κ ${usl.kappa.toPrecision(3)}; ${peak} (R² ${usl.rSquared.toFixed(3)}${usl.rSquared < POOR_FIT ? ': a poor fit, the law does not describe these levels' : ''})`,
    );
  } else if (model === 'closed') {
    lines.push('  USL: not fitted (needs three levels with successful requests)');
  }
  if (endpoint.generatorBound.length > 0) {
    lines.push(
      `  left out (the generator saturated, not the service): ${endpoint.generatorBound.join(', ')}; add --workers or machines`,
    );
  }
  return lines;
}

/** The end-of-sweep summary: per endpoint, the knee and the USL fit. */
export function sweepSummary(doc: SweepDocument): string {
  const head =
    doc.meta.outcome === 'completed' ? [] : [`sweep ${doc.meta.outcome}: the levels measured so far`];
  return `${[...head, ...doc.endpoints.flatMap((endpoint) => endpointLines(endpoint, doc.meta.model))].join('\n')}\n`;
}
