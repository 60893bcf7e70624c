import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRoutes } from './route-matcher.ts';

describe('compileRoutes', () => {
  const match = compileRoutes(['/', '/post/:id', '/post/new', '/user/:id/posts/:postId', '/static/*']);

  it('matches templates and returns the template, never the path', () => {
    const cases: [string, string | undefined][] = [
      ['/', '/'],
      ['/post/42', '/post/:id'],
      ['/post/42/', '/post/:id'],
      ['/post/new', '/post/new'],
      ['/user/7/posts/9', '/user/:id/posts/:postId'],
      ['/static/app.js', '/static/*'],
      ['/static/css/site.css', '/static/*'],
      ['/static', '/static/*'],
      ['/post', undefined],
      ['/post/', undefined],
      ['/post/1/2', undefined],
      ['/user/7/posts', undefined],
      ['/nope', undefined],
    ];
    for (const [path, want] of cases) assert.equal(match(path), want, path);
  });

  it('rejects malformed templates with a one-line error', () => {
    assert.throws(() => compileRoutes(['post/:id']), /must start with "\/"/);
    assert.throws(() => compileRoutes(['/a/*/b']), /only allowed at the end/);
  });
});
