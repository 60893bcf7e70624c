/**
 * How a path segment breaks into pieces, for telling random tokens from words
 * (naming.ts). A piece starts after a separator (`-`, `_`, `+`, `=`), between a digit and
 * a letter, and where a lowercase letter meets an uppercase one (camelCase's next word).
 * Words break into few long pieces (`oauth2callback`: 3 in 14 characters), random tokens
 * into many short ones.
 */
export interface SegmentShape {
  pieces: number;
  letterPieces: number;
  digitPieces: number;
  /** Runs of two or more uppercase letters: one acronym in a camelCase word, several in a random token. */
  upperRuns: number;
  digits: number;
  upper: number;
  lower: number;
}

const SEPARATOR = 0;
const DIGIT = 1;
const LOWER = 2;
const UPPER = 3;

/** Reused: naming runs once per distinct URL, one segment at a time. */
const shape: SegmentShape = {
  pieces: 0,
  letterPieces: 0,
  digitPieces: 0,
  upperRuns: 0,
  digits: 0,
  upper: 0,
  lower: 0,
};

/** The shape of `segment`; the object is reused by the next call. */
export function segmentShape(segment: string): Readonly<SegmentShape> {
  shape.pieces = shape.letterPieces = shape.digitPieces = shape.upperRuns = 0;
  shape.digits = shape.upper = shape.lower = 0;
  let previous = SEPARATOR;
  let upperRun = 0;
  for (let i = 0; i < segment.length; i++) {
    const kind = charKind(segment.charCodeAt(i));
    upperRun = kind === UPPER ? upperRun + 1 : 0;
    if (upperRun === 2) shape.upperRuns++;
    if (kind === SEPARATOR) {
      previous = SEPARATOR;
      continue;
    }
    if (kind === DIGIT) shape.digits++;
    else if (kind === LOWER) shape.lower++;
    else shape.upper++;
    if (
      previous === SEPARATOR ||
      (previous === DIGIT) !== (kind === DIGIT) ||
      (previous === LOWER && kind === UPPER)
    ) {
      shape.pieces++;
      if (kind === DIGIT) shape.digitPieces++;
      else shape.letterPieces++;
    }
    previous = kind;
  }
  return shape;
}

function charKind(code: number): number {
  if (code >= 48 && code <= 57) return DIGIT;
  if (code >= 97 && code <= 122) return LOWER;
  if (code >= 65 && code <= 90) return UPPER;
  return SEPARATOR;
}
