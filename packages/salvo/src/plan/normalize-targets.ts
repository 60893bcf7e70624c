import type { TargetsInput } from './types.ts';
import { definitionError, rejectUnknownKeys } from './validate.ts';

/**
 * A/B (docs/ab.md): the same test against two base URLs at once. Each iteration goes to A
 * or B, B taking `share` of them; a request to A's base URL (relative URLs resolve to it)
 * goes to B's instead in B's iterations.
 */
export interface AbTargets {
  /** Base URLs as `URL.href`: the prefix a B iteration's requests trade for `b`. */
  readonly a: string;
  readonly b: string;
  /** B's share of the iterations, 0 < share < 1. */
  readonly share: number;
}

/** `targets` checked; A defaults to `http.baseUrl` (a quick run's: its --url's origin). */
export function normalizeTargets(
  input: TargetsInput | undefined,
  baseUrl: string | undefined,
): AbTargets | undefined {
  if (input === undefined) return undefined;
  if (typeof input !== 'object' || input === null) {
    throw definitionError('targets', "must be an object, e.g. { B: 'http://new:8080', share: 0.1 }");
  }
  rejectUnknownKeys(input, 'targets', ['A', 'B', 'share']);
  const a = input.A ?? baseUrl;
  if (a === undefined) throw definitionError('targets.A', 'needed when there is no http.baseUrl');
  const share = input.share ?? 0.5;
  if (typeof share !== 'number' || !(share > 0 && share < 1)) {
    throw definitionError(
      'targets.share',
      `must be a number above 0 and below 1 (B's share), got ${JSON.stringify(share)}`,
    );
  }
  const targets = { a: baseHref(a, 'targets.A'), b: baseHref(input.B, 'targets.B'), share };
  if (targets.a === targets.b) throw definitionError('targets.B', 'must differ from A');
  return targets;
}

function baseHref(value: unknown, path: string): string {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    throw definitionError(path, `must be an absolute http:// or https:// URL, got ${JSON.stringify(value)}`);
  }
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw definitionError(path, `must be an http: or https: URL, got ${url.protocol}`);
  }
  return url.href;
}
