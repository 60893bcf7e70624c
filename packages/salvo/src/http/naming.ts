/**
 * Default request names: the URL path with ids templated away, so a test that fetches
 * 10 000 different posts makes one metrics series, not 10 000. The rules are the table in
 * docs/http.md ("Request names and templating"), which naming.test.ts reads and checks row
 * by row. A segment is an id only when its shape says so; a word that contains a digit
 * (`v2`, `sha256sum`, `oauth2callback`) never is: merging two endpoints hides one of them,
 * while an id left alone only adds a name (and names are capped, see client-prepare.ts).
 * Runs once per distinct URL string (client-prepare.ts caches the name with the URL).
 */
import { type SegmentShape, segmentShape } from './segment-shape.ts';

const ID = ':id';
const NUMBER = /^\d+$/;
/** Digit groups joined by separators: dates, lists, versions, addresses (2026-12-02, 1,2,3). */
const SEPARATED_NUMBER = /^\d+(?:[-.,:_+]\d+)+$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** MD5, SHA-1/256, Mongo ObjectIds (24), hex tokens. */
const LONG_HEX = /^[0-9a-f]{16,}$/i;
/** Git's short commit ids and other short hex ids (7 to 15). */
const SHORT_HEX = /^[0-9a-f]{7,15}$/i;
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
/** base64url (and base64 without `/`), with up to two `=` of padding. */
const TOKEN = /^[A-Za-z0-9_+-]+={0,2}$/;

const SHORT_HEX_MIN_LENGTH = 7;
const SHORT_TOKEN_MIN_LENGTH = 8;
const LONG_TOKEN_MIN_LENGTH = 16;

/** True when a path segment looks like an identifier rather than a route word. */
export function isIdSegment(segment: string): boolean {
  const length = segment.length;
  if (length === 0) return false;
  const first = segment.charCodeAt(0);
  if (first >= 48 && first <= 57 && isNumberLike(segment)) return true;
  if (length < SHORT_HEX_MIN_LENGTH) return false;
  if (UUID.test(segment) || LONG_HEX.test(segment) || ULID.test(segment)) return true;
  if (!TOKEN.test(segment)) return false;
  const shape = segmentShape(segment);
  if (shape.digits === 0)
    return length >= LONG_TOKEN_MIN_LENGTH && isRandomCase(shape, length) && isScattered(shape, 3);
  if (shape.upper + shape.lower === 0) return false;
  if (SHORT_HEX.test(segment)) return shape.pieces >= 4 || (shape.pieces === 3 && shape.digitPieces === 2);
  if (length >= LONG_TOKEN_MIN_LENGTH) return shape.pieces * 4 >= length && isScattered(shape, 3);
  return (
    length >= SHORT_TOKEN_MIN_LENGTH &&
    shape.upper > 0 &&
    shape.lower > 0 &&
    shape.pieces * 3 >= length &&
    isScattered(shape, 2)
  );
}

function isNumberLike(segment: string): boolean {
  return NUMBER.test(segment) || SEPARATED_NUMBER.test(segment) || DATE_TIME.test(segment);
}

/**
 * Digits in two places or more, two uppercase runs or more (a camelCase word has at most
 * one acronym), or letter pieces of at most `maxMeanLetters` on average: random, not words.
 */
function isScattered(shape: SegmentShape, maxMeanLetters: number): boolean {
  const letters = shape.upper + shape.lower;
  return shape.digitPieces >= 2 || shape.upperRuns >= 2 || letters <= shape.letterPieces * maxMeanLetters;
}

/** Upper and lower case each at least a quarter of the token: random, not camelCase. */
function isRandomCase(shape: SegmentShape, length: number): boolean {
  return shape.upper * 4 >= length && shape.lower * 4 >= length;
}

/**
 * The path with id-like segments replaced by `:id` (callers pass a URL's pathname: the
 * query string is not part of the name).
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
