/**
 * Default request names: the URL path with ids templated away, so a test that fetches
 * 10 000 different posts makes one metrics series, not 10 000.
 */

const ID = ':id';
const NUMERIC = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LONG_HEX = /^[0-9a-f]{16,}$/i;
/** base64/base64url tokens, hashes, slugs with ids: letters and digits mixed, 8 or more long. */
const TOKEN = /^[A-Za-z0-9_~=+.%-]{8,}$/;
const HAS_DIGIT = /\d/;
const HAS_LETTER = /[A-Za-z]/;
const UPPER = /[A-Z]/g;
const LOWER = /[a-z]/g;
/** Long enough that a random mixed-case token (base64 without digits) is not a camelCase word. */
const MIXED_CASE_MIN_LENGTH = 16;

/** Short codes: 5 to 7 letters and digits with at least two digits (7f3a9c, aB3x9). */
const SHORT_CODE = /^(?=(?:[^0-9]*[0-9]){2})[A-Za-z0-9_-]{5,7}$/;
const DIGITS = /\d/g;

/** True when a path segment looks like an identifier rather than a route word. */
export function isIdSegment(segment: string): boolean {
  if (segment.length === 0) return false;
  if (NUMERIC.test(segment) || UUID.test(segment) || LONG_HEX.test(segment)) return true;
  if (isDigitHeavy(segment) || (SHORT_CODE.test(segment) && HAS_LETTER.test(segment))) return true;
  if (!TOKEN.test(segment)) return false;
  if (HAS_DIGIT.test(segment) && HAS_LETTER.test(segment)) return true;
  return segment.length >= MIXED_CASE_MIN_LENGTH && isRandomCase(segment);
}

/** Dates, lists and codes of 5 or more that are mostly digits: 2024-01-05, 1,2,3 (not h264). */
function isDigitHeavy(segment: string): boolean {
  const digits = segment.match(DIGITS)?.length ?? 0;
  return segment.length >= 5 && digits * 2 >= segment.length;
}

/** Upper and lower case each at least a quarter of the token: random, not camelCase. */
function isRandomCase(segment: string): boolean {
  const quarter = segment.length / 4;
  return (segment.match(UPPER)?.length ?? 0) >= quarter && (segment.match(LOWER)?.length ?? 0) >= quarter;
}

/**
 * The path of `url` with id-like segments replaced by `:id`; the query string is dropped.
 *
 * @example requestNameFromPath('/post/123/comments/9f1c0b7e-2a4d-4c1e-9b0a-5d2e8f3a6c71') // '/post/:id/comments/:id'
 */
export function requestNameFromPath(pathname: string): string {
  const segments = pathname.split('/');
  let changed = false;
  for (let i = 0; i < segments.length; i++) {
    if (isIdSegment(segments[i]!)) {
      segments[i] = ID;
      changed = true;
    }
  }
  return changed ? segments.join('/') : pathname;
}
