import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { isIdSegment, requestNameFromPath } from './naming.ts';

test('numeric, uuid, long hex and mixed tokens become :id', () => {
  assert.equal(requestNameFromPath('/post/123'), '/post/:id');
  assert.equal(requestNameFromPath(`/u/${randomUUID()}/x`), '/u/:id/x');
  assert.equal(requestNameFromPath('/blob/0123456789abcdef0123'), '/blob/:id');
  assert.equal(requestNameFromPath('/s/aZ3kQ9_x-Lm2'), '/s/:id');
  assert.equal(requestNameFromPath('/a/1/b/2/'), '/a/:id/b/:id/');
  assert.equal(requestNameFromPath('/day/2024-01-05'), '/day/:id');
  assert.equal(requestNameFromPath('/items/1,2,3'), '/items/:id');
  assert.equal(requestNameFromPath('/u/7f3a9c'), '/u/:id');
  assert.equal(requestNameFromPath('/s/aB3x9'), '/s/:id');
});

test('route words stay', () => {
  for (const word of [
    'getUserProfileById',
    'XMLHttpRequest',
    'api',
    'v2',
    'users',
    'login',
    'oauth2',
    'healthz',
    'deadbeef',
    'comments',
    'h264',
    'page2',
    'mp3',
    'web3',
  ]) {
    assert.equal(isIdSegment(word), false, word);
  }
  assert.equal(requestNameFromPath('/api/v2/users'), '/api/v2/users');
  assert.equal(requestNameFromPath('/'), '/');
});

test('10 000 distinct ids of each shape yield one name per shape', () => {
  const names = new Set<string>();
  for (let i = 0; i < 10_000; i++) {
    names.add(requestNameFromPath(`/post/${i * 7919}`));
    names.add(requestNameFromPath(`/item/${randomUUID()}`));
    names.add(requestNameFromPath(`/t/${Buffer.from(randomUUID()).toString('base64url').slice(0, 16)}`));
  }
  assert.deepEqual([...names].sort(), ['/item/:id', '/post/:id', '/t/:id']);
});
