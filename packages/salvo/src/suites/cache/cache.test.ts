import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { salvo } from '../../cli/testing/salvo-process.ts';
import { type KnownServer, startKnownServer } from '../testing/known-servers.ts';
import type { CacheDocument } from './index.ts';

/**
 * `salvo cache` against a cache whose cost is known by construction: a key's first request
 * takes 100 ms, every later one 5 ms; a key starting with "fail" fails its first request.
 */

const COLD_MS = 100;
const WARM_MS = 5;
const dir = mkdtempSync(join(tmpdir(), 'salvo-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('a cached endpoint: 100 ms cold, 5 ms warm', () => {
  let server: KnownServer;
  before(async () => {
    server = await startKnownServer({ kind: 'cache', coldMs: COLD_MS, warmMs: WARM_MS });
  });
  after(() => server.close());

  const draft = (json: string, ...rest: string[]) => [
    'cache',
    '--url',
    `${server.url}/generate`,
    '-X',
    'POST',
    '-H',
    'content-type: application/json',
    '-b',
    '{"title":"{key}"}',
    '--scrape',
    `${server.url}/metrics`,
    '-o',
    `json=${json}`,
    ...rest,
  ];

  test('cold and warm latency per key, the speed-up with its interval, the hit ratio; a failed cold request reported as such', async () => {
    const json = join(dir, 'cache.json');
    const html = join(dir, 'cache.html');
    const keysFile = join(dir, 'keys.txt');
    writeFileSync(keysFile, 'gamma\n\nfail-once\n');
    const ran = await salvo([
      ...draft(json, '-o', `html=${html}`),
      '--key',
      'alpha',
      '--key',
      'beta',
      '--keys-file',
      keysFile,
      '--warm',
      '10',
    ]);
    assert.equal(ran.code, 0, ran.stderr);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as CacheDocument;
    assert.equal(doc.schema, 'salvo/cache');
    assert.deepEqual(
      doc.keys.map((key) => [key.key, key.status]),
      [
        ['alpha', 'ok'],
        ['beta', 'ok'],
        ['gamma', 'ok'],
        ['fail-once', 'cold_failed'],
      ],
    );
    for (const key of doc.keys.filter((k) => k.status === 'ok')) {
      assert.ok(key.coldMs! >= COLD_MS * 0.98 && key.coldMs! < COLD_MS * 20, `${key.key} cold ${key.coldMs}`);
      assert.deepEqual([key.warm!.count, key.warm!.failures], [10, 0]);
      assert.ok(
        key.warm!.p50Ms! >= WARM_MS * 0.98 && key.warm!.p50Ms! < key.coldMs!,
        `${key.key} warm ${key.warm!.p50Ms}`,
      );
      assert.equal(key.speedUp, key.coldMs! / key.warm!.p50Ms!);
    }
    const failed = doc.keys[3]!;
    assert.match(failed.coldError!, /^http_5xx: /);
    assert.deepEqual([failed.warm, failed.speedUp], [null, null]);
    const speedUp = doc.overall!.speedUp!;
    assert.equal(speedUp.method, 'percentile bootstrap of the ratio of medians');
    assert.ok(speedUp.low <= speedUp.estimate && speedUp.estimate <= speedUp.high);
    // 20x by construction; load on the machine moves it either way, but far from 1
    assert.ok(speedUp.low > 3, JSON.stringify(speedUp));
    // the service counted each key's first request a miss (failed one included), the rest hits
    assert.deepEqual(doc.hitRatio && [doc.hitRatio.hits, doc.hitRatio.misses, doc.hitRatio.ratio], [
      30,
      4,
      30 / 34,
    ]);
    assert.match(ran.stdout, /^fail-once: cold request FAILED \(http_5xx/m);
    assert.match(ran.stdout, /speed-up .*95 % interval/);
    assert.match(readFileSync(html, 'utf8'), /"schema":"salvo\/cache"/);
  });

  test('when every cold request fails there is no speed-up, nothing divided by zero, and exit 99', async () => {
    const json = join(dir, 'all-failed.json');
    const ran = await salvo([...draft(json), '--key', 'fail-a', '--key', 'fail-b', '--warm', '3']);
    assert.equal(ran.code, 99, ran.stderr);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as CacheDocument;
    assert.deepEqual(
      doc.keys.map((key) => [key.status, key.speedUp]),
      [
        ['cold_failed', null],
        ['cold_failed', null],
      ],
    );
    assert.equal(doc.overall, null);
    assert.match(ran.stdout, /no speed-up/);
  });
});

test('bad input: one line each with its code, before anything runs', async () => {
  const ran = await salvo([
    'cache',
    '--url',
    'http://127.0.0.1:9/x',
    '--key',
    'a',
    '--key',
    'a',
    '--warm',
    '0',
  ]);
  assert.equal(ran.code, 1);
  assert.match(ran.stderr, /put \{key\} in --url or --body.*\[SALVO_ERR_USAGE\]/);
  assert.match(ran.stderr, /key "a" given twice.*\[SALVO_ERR_USAGE\]/);
  assert.match(ran.stderr, /--warm must be a whole number >= 1.*\[SALVO_ERR_USAGE\]/);
  const none = await salvo(['cache', '--url', 'http://127.0.0.1:9/{key}']);
  assert.match(none.stderr, /no keys: give --key K.*\[SALVO_ERR_USAGE\]/);
});
