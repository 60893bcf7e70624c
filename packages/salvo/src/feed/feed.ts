import { readFileSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { SalvoError } from '../errors.ts';
import { forEachCsvRow } from './csv-rows.ts';
import { RowEncoder, RowReader, type SharedRows } from './shared-rows.ts';

/**
 * Test data (k6's SharedArray, Gatling's feeders). `feed()` is called at a test file's top
 * level: the thread that loads the plan first (the coordinator) reads and parses the file
 * once and keeps its rows in shared memory; worker threads are handed those rows before
 * they import the test file, so their `feed()` calls find them and read nothing.
 */

export type FeedMode = 'unique' | 'shared' | 'random';

export interface FeedOptions {
  /**
   * `shared` (default): every VU reads the same sequence from the first row, its own
   * position advancing with each `next`, round and round. `unique`: each row goes to one
   * `next` call in the whole run, across VUs and worker threads; when all are used, `next`
   * throws and the runner stops starting iterations. `random`: any row, each time.
   */
  readonly mode?: FeedMode;
}

interface FeedState {
  /** By absolute path: rows loaded in this process, or handed to this worker. */
  readonly rows: Map<string, SharedRows>;
  /** The folder of the test file being imported: relative feed paths start there. */
  baseDir: string;
}

// On globalThis, as the custom metrics' registry: one state even with two copies of the module.
const STATE_KEY = Symbol.for('salvo.feeds');
const state: FeedState = ((globalThis as Record<symbol, unknown>)[STATE_KEY] as FeedState | undefined) ?? {
  rows: new Map(),
  baseDir: process.cwd(),
};
(globalThis as Record<symbol, unknown>)[STATE_KEY] = state;

/** The engine, before it imports a test file: relative feed paths are relative to it. */
export function setFeedBaseDir(dir: string): void {
  state.baseDir = dir;
}

/** Every feed's rows this process loaded, to hand to worker threads (shared, not copied). */
export function loadedFeeds(): Record<string, SharedRows> {
  return Object.fromEntries(state.rows);
}

/** A worker thread, before it imports the test file: the coordinator's rows. */
export function adoptFeeds(feeds: Record<string, SharedRows> | undefined): void {
  for (const [path, rows] of Object.entries(feeds ?? {})) state.rows.set(path, rows);
}

/** Thrown by a `unique` feed with no row left; the runner stops starting iterations on it. */
export class FeedExhaustedError extends Error {
  override readonly name = 'FeedExhaustedError';
}

/**
 * Rows of a CSV file (objects keyed by its header line, values strings), a JSON file
 * (an array: its elements as they are) or a JSON Lines file (.jsonl: a value per line), for VUs to take one at a time with `next(vu)`.
 * Call it at the top level of the test file; a relative path is relative to the test file.
 *
 * @example
 * import { defineTest, feed } from 'salvo';
 * const users = feed<{ email: string; password: string }>('users.csv', { mode: 'unique' });
 * export default defineTest({
 *   vus: 10, duration: '1m',
 *   exec: async (vu) => {
 *     const user = users.next(vu);
 *     await vu.http.post('https://example.test/login', undefined, { json: user });
 *   },
 * });
 */
export function feed<Row = Record<string, string>>(path: string, options: FeedOptions = {}): Feed<Row> {
  const mode = options.mode ?? 'shared';
  if (mode !== 'unique' && mode !== 'shared' && mode !== 'random') {
    throw new SalvoError(
      'SALVO_ERR_TEST_DEFINITION',
      `feed("${path}"): mode must be unique, shared or random, got ${JSON.stringify(mode)}`,
    );
  }
  const absolute = resolve(state.baseDir, path);
  let rows = state.rows.get(absolute);
  if (rows === undefined) {
    rows = loadRows(absolute, path);
    state.rows.set(absolute, rows);
  }
  return new Feed<Row>(path, mode, new RowReader(rows));
}

function loadRows(absolute: string, shown: string): SharedRows {
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new SalvoError(
      'SALVO_ERR_TEST_DEFINITION',
      `feed("${shown}"): ${reason} (${relative(process.cwd(), absolute)})`,
    );
  }
  const kind = extname(absolute).toLowerCase();
  try {
    const encoder = new RowEncoder();
    if (kind === '.json') {
      const value: unknown = JSON.parse(text);
      if (!Array.isArray(value)) throw new Error('the file must hold a JSON array');
      for (const row of value) encoder.add(row);
      return encoder.finish(undefined);
    }
    if (kind === '.jsonl' || kind === '.ndjson') {
      // JSON Lines (vLLM's and genai-perf's prompt files): one value per line, blank lines skipped
      text.split('\n').forEach((line, index) => {
        if (line.trim() === '') return;
        try {
          encoder.add(JSON.parse(line));
        } catch (error) {
          throw new Error(`line ${index + 1} is not JSON: ${(error as Error).message}`);
        }
      });
      return encoder.finish(undefined);
    }
    if (kind === '.csv') {
      let header: string[] | undefined;
      forEachCsvRow(text, (row) => {
        if (header === undefined) header = row;
        else encoder.add(row);
      });
      if (header === undefined) throw new Error('the file is empty (a CSV needs a header line)');
      return encoder.finish(header);
    }
    throw new Error('a feed is a .csv, .json or .jsonl file');
  } catch (error) {
    throw new SalvoError('SALVO_ERR_TEST_DEFINITION', `feed("${shown}"): ${(error as Error).message}`);
  }
}

/** What a VU identifies itself with to a feed (its own position in a `shared` one). */
interface FeedVU {
  readonly id: number;
}

/** Rows handed to VUs; see `feed`. */
export class Feed<Row> {
  readonly path: string;
  readonly mode: FeedMode;
  readonly #rows: RowReader;
  /** `shared`: each VU's next row. */
  readonly #positions = new WeakMap<FeedVU, number>();

  constructor(path: string, mode: FeedMode, rows: RowReader) {
    this.path = path;
    this.mode = mode;
    this.#rows = rows;
  }

  /** How many rows the file has. */
  get size(): number {
    return this.#rows.count;
  }

  /** The next row for `vu`, by the feed's mode (a fresh object each call). */
  next(vu: FeedVU): Row {
    const rows = this.#rows;
    if (rows.count === 0) throw new FeedExhaustedError(`feed("${this.path}") has no rows`);
    if (this.mode === 'random') return rows.row(Math.floor(Math.random() * rows.count)) as Row;
    if (this.mode === 'unique') {
      const index = rows.takeUnique();
      if (index < 0) {
        throw new FeedExhaustedError(
          `feed("${this.path}"): all ${rows.count} rows used (mode unique); the run stops starting iterations`,
        );
      }
      return rows.row(index) as Row;
    }
    const position = this.#positions.get(vu) ?? 0;
    this.#positions.set(vu, position + 1 === rows.count ? 0 : position + 1);
    return rows.row(position) as Row;
  }
}
