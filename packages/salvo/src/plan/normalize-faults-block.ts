import { normalizeFaults } from '../proxy/normalize-faults.ts';
import type { FaultPlan } from './plan.ts';
import { definitionError, rejectUnknownKeys } from './validate.ts';

/**
 * The test's `faults`: a list of faults (in front of `http.baseUrl`'s origin) or
 * `{ target, control, faults }`. The faults themselves are checked as the proxy checks
 * them (SALVO_ERR_FAULT, docs/proxy.md).
 *
 * @example
 * normalizeFaultsBlock([{ kind: 'http-error', status: 503, share: 0.1 }], 'http://127.0.0.1:3000');
 */
export function normalizeFaultsBlock(value: unknown, baseUrl: string | undefined): FaultPlan | undefined {
  if (value === undefined) return undefined;
  const block = (Array.isArray(value) ? { faults: value } : value) as Record<string, unknown>;
  if (typeof block !== 'object' || block === null)
    throw definitionError('faults', 'must be a list of faults or { target, control, faults }');
  rejectUnknownKeys(block, 'faults', ['target', 'control', 'faults']);
  const target = targetOrigin(block.target ?? baseUrl);
  const { control } = block;
  if (
    control !== undefined &&
    (typeof control !== 'number' || !Number.isInteger(control) || control < 0 || control > 65_535)
  )
    throw definitionError('faults.control', `must be a port (0: a free one), got ${JSON.stringify(control)}`);
  normalizeFaults(block.faults, 'faults.faults');
  return { target, controlPort: control as number | undefined, faults: block.faults as readonly unknown[] };
}

function targetOrigin(value: unknown): string {
  if (value === undefined)
    throw definitionError(
      'faults.target',
      'is needed when http.baseUrl is not set (the service the proxy goes in front of)',
    );
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw definitionError(
      'faults.target',
      `must be a URL like http://127.0.0.1:3000, got ${JSON.stringify(value)}`,
    );
  }
  if (url.protocol !== 'http:')
    throw definitionError(
      'faults.target',
      `must be an http:// origin (the proxy reads HTTP/1.1 in the clear), got ${url.protocol}`,
    );
  return url.origin;
}
