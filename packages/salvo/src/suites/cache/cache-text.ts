import { formatMsShort, formatNumber, formatPercent } from '../../outputs/index.ts';
import type { CacheDocument, CacheKeyResult } from './document.ts';

const ms = (value: number | null) => (value === null ? '-' : formatMsShort(value));

/** One line per key, printed as the suite goes. */
export function cacheKeyLine(result: CacheKeyResult): string {
  if (result.status === 'cold_failed')
    return `${result.key}: cold request FAILED (${result.coldError}); no warm requests`;
  const warm = result.warm;
  const warmText = warm
    ? `warm p50 ${ms(warm.p50Ms)} p95 ${ms(warm.p95Ms)} (${warm.count} requests${warm.failures > 0 ? `, ${warm.failures} failed` : ''})`
    : 'no warm requests';
  const speedUp = result.speedUp === null ? '' : `  ${formatNumber(result.speedUp)}x faster warm`;
  return `${result.key}: cold ${ms(result.coldMs)}  ${warmText}${speedUp}`;
}

/** The end-of-suite summary: the speed-up with its interval, the hit ratio, failed keys. */
export function cacheSummary(doc: CacheDocument): string {
  const lines: string[] =
    doc.meta.outcome === 'completed' ? [] : [`cache test ${doc.meta.outcome}: the keys measured so far`];
  const failed = doc.keys.filter((key) => key.status === 'cold_failed');
  if (doc.overall) {
    const { coldMedianMs, warmMedianMs, speedUp } = doc.overall;
    lines.push(`cold median ${ms(coldMedianMs)}, warm median ${ms(warmMedianMs)}`);
    lines.push(
      speedUp
        ? `speed-up ${formatNumber(speedUp.estimate)}x, ${Math.round(speedUp.confidence * 100)} % interval ${formatNumber(speedUp.low)}x to ${formatNumber(speedUp.high)}x (${speedUp.method}, ${speedUp.resamples} resamples)`
        : 'speed-up: none (the warm median is 0)',
    );
  } else {
    lines.push('no speed-up: no key had a successful cold request and warm requests');
  }
  if (doc.hitRatio) {
    const { hits, misses, ratio } = doc.hitRatio;
    lines.push(
      `hit ratio ${ratio === null ? '-' : formatPercent(ratio)} (${hits} hits, ${misses} misses, from ${doc.hitRatio.source})`,
    );
  }
  if (failed.length > 0)
    lines.push(
      `cold request failed for ${failed.length} of ${doc.keys.length} keys: ${failed.map((key) => key.key).join(', ')}`,
    );
  return `${lines.join('\n')}\n`;
}
