import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { asNumber, asString, type TimeDb } from './database.ts';

export const ROLES = ['reader', 'author', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  username: string;
  role: Role;
  createdAt: number;
}

export interface UserWithHash extends User {
  passwordHash: string;
}

function toRole(value: unknown): Role {
  const role = ROLES.find((r) => r === value);
  if (role === undefined) throw new Error(`unknown role in database: ${String(value)}`);
  return role;
}

function toUser(row: Record<string, unknown>): UserWithHash {
  return {
    id: asNumber(row.id),
    username: asString(row.username),
    role: toRole(row.role),
    createdAt: asNumber(row.created_at),
    passwordHash: asString(row.password_hash),
  };
}

export function publicUser(user: User): User {
  return { id: user.id, username: user.username, role: user.role, createdAt: user.createdAt };
}

/** Users table access; every statement is prepared once and parameterised. */
export class UsersRepo {
  readonly #timeDb: TimeDb;
  readonly #insert: StatementSync;
  readonly #byName: StatementSync;
  readonly #byId: StatementSync;
  readonly #count: StatementSync;

  constructor(db: DatabaseSync, timeDb: TimeDb) {
    this.#timeDb = timeDb;
    this.#insert = db.prepare(
      'INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (username) DO NOTHING',
    );
    this.#byName = db.prepare('SELECT * FROM users WHERE username = ?');
    this.#byId = db.prepare('SELECT * FROM users WHERE id = ?');
    this.#count = db.prepare('SELECT COUNT(*) AS n FROM users');
  }

  /** Returns the new user, or undefined when the name is taken (case-insensitively). */
  create(username: string, passwordHash: string, role: Role): User | undefined {
    const createdAt = Date.now();
    const result = this.#timeDb('insert', 'users', () =>
      this.#insert.run(username, passwordHash, role, createdAt),
    );
    if (result.changes === 0) return undefined;
    return { id: asNumber(result.lastInsertRowid), username, role, createdAt };
  }

  findByUsername(username: string): UserWithHash | undefined {
    const row = this.#timeDb('select', 'users', () => this.#byName.get(username));
    return row === undefined ? undefined : toUser(row);
  }

  findById(id: number): User | undefined {
    const row = this.#timeDb('select', 'users', () => this.#byId.get(id));
    return row === undefined ? undefined : publicUser(toUser(row));
  }

  count(): number {
    return asNumber(this.#timeDb('select', 'users', () => this.#count.get())?.n);
  }
}
