import { createRng, hashString } from './random.ts';
import { RequestError } from './request-error.ts';

/**
 * A unit-length vector of `dimensions` numbers, the same for the same model and text on any
 * simulator: the seed is their hash. (No meaning: similar texts are not closer than others.)
 */
export function embedText(model: string, text: string, dimensions: number): number[] {
  const rng = createRng(hashString(text, hashString(`${model}\u0000embed`)));
  const vector = Array.from({ length: dimensions }, () => rng() * 2 - 1);
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

/** /api/embed `input`: a string or an array of strings; nothing or "" embeds nothing (Ollama only loads). */
export function parseEmbedInput(input: unknown): string[] {
  if (input === undefined || input === null || input === '') return [];
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.every((item) => typeof item === 'string')) return input;
  throw new RequestError(400, 'input must be a string or an array of strings');
}

/** /api/embed `dimensions`: cuts each vector to that length (then normalizes again), at most the model's. */
export function parseDimensions(value: unknown, modelDimensions: number): number {
  if (value === undefined || value === null) return modelDimensions;
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > modelDimensions) {
    throw new RequestError(400, `dimensions must be an integer within 1..${modelDimensions}`);
  }
  return value as number;
}
