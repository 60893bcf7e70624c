import { matchNumber, optionalNumber } from './parse-util.ts';
import type { ToolReport } from './types.ts';

function percentileMs(text: string, percent: string): number | null {
  const seconds = optionalNumber(text, new RegExp(`^\\s*${percent}% in ([\\d.]+) secs`, 'm'));
  return seconds === null ? null : seconds * 1000;
}

/** Sums the `[code] N responses` lines of hey's status code distribution. */
function statusCounts(text: string): { total: number; non2xx: number } {
  let total = 0;
  let non2xx = 0;
  for (const match of text.matchAll(/^\s*\[(\d{3})\]\s+(\d+) responses/gm)) {
    const count = Number(match[2]);
    total += count;
    if (!match[1]?.startsWith('2')) non2xx += count;
  }
  return { total, non2xx };
}

/** Sums hey's `[N]\tGet ...: error` lines of its error distribution. */
function errorCount(text: string): number {
  const section = text.split(/^Error distribution:$/m)[1] ?? '';
  let errors = 0;
  for (const match of section.matchAll(/^\s*\[(\d+)\]\s+\S/gm)) errors += Number(match[1]);
  return errors;
}

/** Parses hey's text summary. Latency percentiles are printed in seconds with 4 decimals. */
export function parseHey(text: string): ToolReport {
  const reqPerSec = matchNumber(text, /^\s*Requests\/sec:\s+([\d.]+)/m, 'hey', 'Requests/sec');
  const { total, non2xx } = statusCounts(text);
  return {
    requests: total,
    reqPerSec,
    p50Ms: percentileMs(text, '50'),
    p99Ms: percentileMs(text, '99'),
    errors: non2xx + errorCount(text),
  };
}
