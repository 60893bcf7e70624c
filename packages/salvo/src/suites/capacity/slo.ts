import { SalvoError } from '../../errors.ts';
import { parseDuration } from '../../plan/duration.ts';
import { parseThresholds } from '../../thresholds/index.ts';

/** The SLO when none is given: 99 % of responses within 500 ms of their intended start, under 1 % failed. */
export const DEFAULT_SLO = ['response_time:p(99)<500', 'http_req_failed:rate<0.01'] as const;

/**
 * `--slo` values as thresholds: `METRIC:EXPRESSION` (`http_req_duration{name:/x}:p(95)<200`)
 * or a bare expression, which goes on `http_req_failed` for `rate` and on `response_time`
 * for a time (open-model steps: the time from each request's intended start, so a queue
 * the service builds counts, docs/metrics.md). Checked with the threshold parser, so a bad
 * one fails before anything runs.
 *
 * @example
 * sloThresholds(['p(99)<500', 'rate<0.01']); // { response_time: ['p(99)<500'], http_req_failed: ['rate<0.01'] }
 */
export function sloThresholds(values: readonly string[]): Record<string, string[]> {
  const thresholds: Record<string, string[]> = {};
  for (const value of values) {
    const { key, expression } = splitSlo(value);
    thresholds[key] = [...(thresholds[key] ?? []), expression];
  }
  try {
    parseThresholds(thresholds, (d) => parseDuration(d, 'delayAbortEval'));
  } catch (error) {
    if (error instanceof SalvoError) throw new SalvoError(error.code, `--slo: ${error.message}`, error.hint);
    throw error;
  }
  return thresholds;
}

function splitSlo(value: string): { key: string; expression: string } {
  // the key's tags may hold ':' (name:/x): the split is the first ':' after them
  const tagsEnd = value.indexOf('}');
  const colon = value.indexOf(':', tagsEnd === -1 ? 0 : tagsEnd);
  if (colon === -1) {
    const expression = value.trim();
    return { key: /^rate\b/.test(expression) ? 'http_req_failed' : 'response_time', expression };
  }
  return { key: value.slice(0, colon).trim(), expression: value.slice(colon + 1).trim() };
}
