import { matchNumber, optionalNumber } from './parse-util.ts';
import type { ToolReport } from './types.ts';

/** Parses loadtest's text result (latency percentiles in whole ms). */
export function parseLoadtest(text: string): ToolReport {
  return {
    requests: matchNumber(text, /^Completed requests:\s+(\d+)/m, 'loadtest', 'Completed requests'),
    reqPerSec: matchNumber(text, /^Effective rps:\s+([\d.]+)/m, 'loadtest', 'Effective rps'),
    p50Ms: optionalNumber(text, /^\s*50%\s+([\d.]+) ms/m),
    p99Ms: optionalNumber(text, /^\s*99%\s+([\d.]+) ms/m),
    errors: matchNumber(text, /^Total errors:\s+(\d+)/m, 'loadtest', 'Total errors'),
  };
}
