import { createHash, randomBytes } from 'node:crypto';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { asNumber, type TimeDb } from '../db/database.ts';

const SWEEP_INTERVAL_MS = 60_000;

/** The database keeps only this digest: a leaked copy of the table gives no usable cookie. */
export function sessionDigest(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url');
}

export interface SessionStoreOptions {
  ttlMs: number;
  /** Told the number of live sessions whenever it changes (the active_sessions gauge). */
  onCount: (count: number) => void;
}

/** Server-side sessions in SQLite with expiry; the cookie holds the random id, the table its SHA-256. */
export class SessionStore {
  readonly #ttlMs: number;
  readonly #timeDb: TimeDb;
  readonly #onCount: (count: number) => void;
  readonly #insert: StatementSync;
  readonly #lookup: StatementSync;
  readonly #delete: StatementSync;
  readonly #sweep: StatementSync;
  readonly #count: StatementSync;
  readonly #timer: NodeJS.Timeout;
  #live = 0;

  constructor(db: DatabaseSync, timeDb: TimeDb, options: SessionStoreOptions) {
    this.#ttlMs = options.ttlMs;
    this.#timeDb = timeDb;
    this.#onCount = options.onCount;
    this.#insert = db.prepare('INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)');
    this.#lookup = db.prepare('SELECT user_id FROM sessions WHERE id = ? AND expires_at > ?');
    this.#delete = db.prepare('DELETE FROM sessions WHERE id = ?');
    this.#sweep = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
    this.#count = db.prepare('SELECT COUNT(*) AS n FROM sessions');
    this.sweep();
    this.#live = asNumber(this.#timeDb('select', 'sessions', () => this.#count.get())?.n);
    this.#onCount(this.#live);
    this.#timer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.#timer.unref();
  }

  get ttlMs(): number {
    return this.#ttlMs;
  }

  create(userId: number): string {
    const id = randomBytes(24).toString('base64url');
    const expiresAt = Date.now() + this.#ttlMs;
    this.#timeDb('insert', 'sessions', () => this.#insert.run(sessionDigest(id), userId, expiresAt));
    this.#setLive(this.#live + 1);
    return id;
  }

  /** The user id of a live session, or undefined when unknown or expired. */
  userIdOf(sessionId: string): number | undefined {
    const row = this.#timeDb('select', 'sessions', () =>
      this.#lookup.get(sessionDigest(sessionId), Date.now()),
    );
    return row === undefined ? undefined : asNumber(row.user_id);
  }

  destroy(sessionId: string): void {
    const result = this.#timeDb('delete', 'sessions', () => this.#delete.run(sessionDigest(sessionId)));
    if (result.changes > 0) this.#setLive(this.#live - 1);
  }

  sweep(): void {
    const result = this.#timeDb('delete', 'sessions', () => this.#sweep.run(Date.now()));
    if (result.changes > 0) this.#setLive(this.#live - Number(result.changes));
  }

  close(): void {
    clearInterval(this.#timer);
  }

  #setLive(count: number): void {
    this.#live = Math.max(0, count);
    this.#onCount(this.#live);
  }
}
