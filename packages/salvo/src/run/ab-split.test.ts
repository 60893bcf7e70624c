import assert from 'node:assert/strict';
import { test } from 'node:test';
import { abFlag } from '../cli/ab-flag.ts';
import type { SalvoError } from '../errors.ts';
import { normalizeTargets } from '../plan/normalize-targets.ts';
import { AbSplit } from './ab-split.ts';

test('the split gives B exactly ⌊n·share⌋ of any first n iterations, evenly spread', () => {
  for (const share of [0.1, 0.5, 0.25, 0.37, 0.9, 0.01]) {
    const split = new AbSplit(share);
    let b = 0;
    for (let n = 1; n <= 10_000; n++) {
      b += split.next();
      assert.equal(b, Math.floor(n * share + 1e-9), `share ${share} after ${n}`);
    }
  }
  const tenth = new AbSplit(0.1);
  assert.deepEqual(
    Array.from({ length: 20 }, () => tenth.next()),
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
  );
});

test('--ab B_URL[:SHARE]: a port is no share; a decimal or a percentage is', () => {
  assert.deepEqual(abFlag('http://new:8080'), { url: 'http://new:8080', share: 0.5 });
  assert.deepEqual(abFlag('http://new:8080:0.1'), { url: 'http://new:8080', share: 0.1 });
  assert.deepEqual(abFlag('http://new:8080:10%'), { url: 'http://new:8080', share: 0.1 });
  assert.deepEqual(abFlag('https://canary.example/api:.25'), {
    url: 'https://canary.example/api',
    share: 0.25,
  });
  assert.equal(abFlag(undefined), undefined);
  assert.throws(() => abFlag('new:8080'), /--ab must be B's http/);
  assert.throws(() => abFlag('http://new:8080:1.5'), /share must be above 0 and below 1/);
  assert.throws(
    () => abFlag('http://new:8080:0%'),
    (error: SalvoError) => error.code === 'SALVO_ERR_USAGE',
  );
});

test('targets: A from http.baseUrl, B checked, share in (0, 1), A and B differ', () => {
  assert.deepEqual(normalizeTargets({ B: 'http://b:2' }, 'http://a:1'), {
    a: 'http://a:1/',
    b: 'http://b:2/',
    share: 0.5,
  });
  assert.deepEqual(normalizeTargets({ A: 'http://a/v1/', B: 'http://b/v2/', share: 0.1 }, undefined), {
    a: 'http://a/v1/',
    b: 'http://b/v2/',
    share: 0.1,
  });
  assert.equal(normalizeTargets(undefined, 'http://a'), undefined);
  const refused = (input: unknown, baseUrl: string | undefined, message: RegExp) =>
    assert.throws(
      () => normalizeTargets(input as { B: string }, baseUrl),
      (error: SalvoError) => error.code === 'SALVO_ERR_TEST_DEFINITION' && message.test(error.message),
    );
  refused({ B: 'http://b' }, undefined, /targets\.A: needed when there is no http\.baseUrl/);
  refused({ B: 'ftp://b' }, 'http://a', /targets\.B: must be an http: or https: URL/);
  refused({ B: 'http://b', share: 1 }, 'http://a', /targets\.share: must be a number above 0 and below 1/);
  refused({ B: 'http://a' }, 'http://a', /targets\.B: must differ from A/);
  refused({ B: 'http://b', C: 'http://c' }, 'http://a', /targets\.C: is not a known option/);
});
