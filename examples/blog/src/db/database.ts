import { closeSync, openSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';

/** Runs fn and records its duration as db_query_duration_seconds{operation,table}. */
export type TimeDb = <T>(operation: string, table: string, fn: () => T) => T;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('reader', 'author', 'admin')),
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS posts (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS posts_by_author ON posts (author_id);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions (expires_at);
CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id);
`;

/** A new database file is created 0600 (SQLite gives its -wal and -shm files the same mode). */
function createPrivately(path: string): void {
  if (path === ':memory:' || path === '' || path.startsWith('file:')) return;
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Opens (or creates) the blog's database: WAL, foreign keys, schema and indexes. */
export function openDatabase(path: string): DatabaseSync {
  createPrivately(path);
  const db = new DatabaseSync(path);
  // WAL lets readers run beside the writer; NORMAL sync is safe with WAL and much faster.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
  db.exec('PRAGMA busy_timeout = 5000;');
  db.exec(SCHEMA);
  return db;
}

export function asNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new Error(`expected a number from SQLite, got ${typeof value}`);
}

export function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  throw new Error(`expected a string from SQLite, got ${typeof value}`);
}
