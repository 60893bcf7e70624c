import { matchNumber } from './parse-util.ts';
import type { ToolReport } from './types.ts';

/**
 * Parses h2load's summary. h2load prints min/max/mean/sd of request time but no
 * percentiles; its per-request --log-file would cost it a write per request, so the
 * bench reports its percentiles as absent and the mean in the note.
 */
export function parseH2load(text: string): ToolReport {
  const reqPerSec = matchNumber(text, /^finished in [\d.]+\w+, ([\d.]+) req\/s/m, 'h2load', 'req/s');
  const done = matchNumber(text, /^requests: \d+ total, \d+ started, (\d+) done/m, 'h2load', 'done requests');
  // h2load's "failed" already includes "errored" and "timeout" and non-2xx/3xx statuses.
  const failed = matchNumber(text, /^requests: .*?, (\d+) failed/m, 'h2load', 'failed requests');
  const meanMatch = /^time for request:\s+\S+\s+\S+\s+(\S+)/m.exec(text);
  return {
    requests: done,
    reqPerSec,
    p50Ms: null,
    p99Ms: null,
    errors: failed,
    note: `h2load prints no percentiles (mean ${meanMatch?.[1] ?? '?'})`,
  };
}
