import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { sessionDigest } from './auth/session-store.ts';
import { startBlog } from './index.ts';
import { SEED_PASSWORD } from './seed.ts';
import { Client } from './testing.ts';

test('a database file keeps users and posts across restarts, in WAL mode, seeded once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'blog-db-'));
  const dbPath = join(dir, 'blog.sqlite');
  try {
    const first = await startBlog({ dbPath, seed: true, ollamaHost: 'http://127.0.0.1:9' });
    let postId: number;
    try {
      const client = new Client(first.url);
      await client.login('alice', SEED_PASSWORD);
      const created = await client.request('POST', '/api/posts', {
        json: { title: 'Kept', body: 'On disk' },
      });
      postId = created.json<{ post: { id: number } }>().post.id;
    } finally {
      await first.close();
    }
    const second = await startBlog({ dbPath, seed: true, ollamaHost: 'http://127.0.0.1:9' });
    try {
      const client = new Client(second.url);
      const read = await client.request('GET', `/api/posts/${postId}`);
      assert.equal(read.json<{ post: { title: string } }>().post.title, 'Kept');
      const list = (await client.request('GET', '/api/posts')).json<{ total: number }>();
      assert.equal(list.total, 6, 'five seeded posts plus one, not seeded twice');
      assert.equal((await client.login('alice', SEED_PASSWORD)).status, 200);
    } finally {
      await second.close();
    }
    const db = new DatabaseSync(dbPath);
    try {
      assert.equal(db.prepare('PRAGMA journal_mode').get()?.journal_mode, 'wal');
      const indexes = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")
        .all();
      assert.deepEqual(indexes.map((row) => row.name).sort(), [
        'posts_by_author',
        'sessions_by_expiry',
        'sessions_by_user',
      ]);
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the database file is created 0600 and keeps only SHA-256 digests of session ids', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'blog-db-'));
  const dbPath = join(dir, 'blog.sqlite');
  try {
    const blog = await startBlog({ dbPath, seed: true, ollamaHost: 'http://127.0.0.1:9' });
    let sessionId: string;
    try {
      const client = new Client(blog.url);
      assert.equal((await client.login('alice', SEED_PASSWORD)).status, 200);
      // The cookie is `sid=<id>.<signature>`.
      sessionId = (client.cookie ?? '').replace(/^sid=/, '').replace(/\.[^.]*$/, '');
      for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) {
        assert.equal(statSync(file).mode & 0o777, 0o600, `${file} mode`);
      }
    } finally {
      await blog.close();
    }
    const db = new DatabaseSync(dbPath);
    try {
      const ids = db
        .prepare('SELECT id FROM sessions')
        .all()
        .map((row) => row.id);
      assert.ok(sessionId.length > 20, `session id from the cookie: ${sessionId}`);
      assert.deepEqual(ids, [sessionDigest(sessionId)]);
      assert.notEqual(ids[0], sessionId);
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
