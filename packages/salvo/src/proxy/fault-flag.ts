import { faultError } from './fault-error.ts';
import type { FaultInput } from './fault-types.ts';

const NUMERIC = new Set(['status', 'keep']);

/**
 * One `--fault` of `salvo proxy`: `KIND[:KEY=VALUE,...]`, the same settings as a test's
 * `faults` (docs/proxy.md); checked later with the rest.
 *
 * @example
 * parseFaultFlag('latency:delay=200ms,jitter=50ms,share=30%,route=/api/posts/:id');
 * // { kind: 'latency', delay: '200ms', jitter: '50ms', share: '30%', route: '/api/posts/:id' }
 */
export function parseFaultFlag(text: string): FaultInput {
  const colon = text.indexOf(':');
  const kind = colon === -1 ? text : text.slice(0, colon);
  const fault: Record<string, unknown> = { kind };
  if (colon === -1) return fault as unknown as FaultInput;
  for (const pair of text.slice(colon + 1).split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw faultError(`--fault ${text}`, `"${pair}" is not KEY=VALUE`);
    const key = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    fault[key] = NUMERIC.has(key) && /^\d+$/.test(value) ? Number(value) : value;
  }
  return fault as unknown as FaultInput;
}
