import { durationToMs, matchNumber, optionalNumber } from './parse-util.ts';
import type { ToolReport } from './types.ts';

function percentileMs(text: string, percent: string): number | null {
  const match = new RegExp(`^\\s*${percent}%\\s+(\\S+)\\s*$`, 'm').exec(text);
  return match?.[1] === undefined ? null : durationToMs(match[1]);
}

/** Parses `wrk --latency` output. Errors are socket errors plus non-2xx/3xx responses. */
export function parseWrk(text: string): ToolReport {
  const requests = matchNumber(text, /^\s*(\d+) requests in /m, 'wrk', 'the request count');
  const reqPerSec = matchNumber(text, /^Requests\/sec:\s+([\d.]+)/m, 'wrk', 'Requests/sec');
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const non2xx = optionalNumber(text, /Non-2xx or 3xx responses:\s+(\d+)/) ?? 0;
  return {
    requests,
    reqPerSec,
    p50Ms: percentileMs(text, '50'),
    p99Ms: percentileMs(text, '99'),
    errors: socketErrors + non2xx,
  };
}
