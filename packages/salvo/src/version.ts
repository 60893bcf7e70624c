import { readFileSync } from 'node:fs';

/**
 * Salvo's version, read from its package.json: the one place it is written. That file is one
 * folder up from this module in the sources (src/) and in the built package (dist/) alike.
 */
export const SALVO_VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;
