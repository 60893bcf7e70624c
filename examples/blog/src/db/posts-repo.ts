import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { asNumber, asString, type TimeDb } from './database.ts';

export interface Post {
  id: number;
  title: string;
  body: string;
  authorId: number;
  author: string;
  createdAt: number;
  updatedAt: number;
}

export interface PostInput {
  title: string;
  body: string;
}

const SELECT_POST = `SELECT p.id, p.title, p.body, p.author_id, u.username, p.created_at, p.updated_at
  FROM posts p JOIN users u ON u.id = p.author_id`;

function toPost(row: Record<string, unknown>): Post {
  return {
    id: asNumber(row.id),
    title: asString(row.title),
    body: asString(row.body),
    authorId: asNumber(row.author_id),
    author: asString(row.username),
    createdAt: asNumber(row.created_at),
    updatedAt: asNumber(row.updated_at),
  };
}

/** Posts table access; newest first by id (the rowid, so listing needs no extra index). */
export class PostsRepo {
  readonly #timeDb: TimeDb;
  readonly #insert: StatementSync;
  readonly #byId: StatementSync;
  readonly #page: StatementSync;
  readonly #count: StatementSync;
  readonly #update: StatementSync;
  readonly #delete: StatementSync;

  constructor(db: DatabaseSync, timeDb: TimeDb) {
    this.#timeDb = timeDb;
    this.#insert = db.prepare(
      'INSERT INTO posts (author_id, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#byId = db.prepare(`${SELECT_POST} WHERE p.id = ?`);
    this.#page = db.prepare(`${SELECT_POST} ORDER BY p.id DESC LIMIT ? OFFSET ?`);
    this.#count = db.prepare('SELECT COUNT(*) AS n FROM posts');
    this.#update = db.prepare('UPDATE posts SET title = ?, body = ?, updated_at = ? WHERE id = ?');
    this.#delete = db.prepare('DELETE FROM posts WHERE id = ?');
  }

  create(authorId: number, input: PostInput): number {
    const now = Date.now();
    const result = this.#timeDb('insert', 'posts', () =>
      this.#insert.run(authorId, input.title, input.body, now, now),
    );
    return asNumber(result.lastInsertRowid);
  }

  get(id: number): Post | undefined {
    const row = this.#timeDb('select', 'posts', () => this.#byId.get(id));
    return row === undefined ? undefined : toPost(row);
  }

  list(limit: number, offset: number): Post[] {
    return this.#timeDb('select', 'posts', () => this.#page.all(limit, offset)).map(toPost);
  }

  count(): number {
    return asNumber(this.#timeDb('select', 'posts', () => this.#count.get())?.n);
  }

  update(id: number, input: PostInput): boolean {
    const now = Date.now();
    const result = this.#timeDb('update', 'posts', () => this.#update.run(input.title, input.body, now, id));
    return result.changes > 0;
  }

  delete(id: number): boolean {
    return this.#timeDb('delete', 'posts', () => this.#delete.run(id)).changes > 0;
  }
}
