import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeFaultsBlock } from './normalize-faults-block.ts';

test("a test's faults: a list in front of http.baseUrl, or { target, control, faults }", () => {
  assert.equal(normalizeFaultsBlock(undefined, 'http://127.0.0.1:3000'), undefined);
  assert.deepEqual(normalizeFaultsBlock([{ kind: 'blackhole' }], 'http://127.0.0.1:3000/api'), {
    target: 'http://127.0.0.1:3000',
    controlPort: undefined,
    faults: [{ kind: 'blackhole' }],
  });
  assert.deepEqual(
    normalizeFaultsBlock({ target: 'http://10.0.0.2:8080', control: 0, faults: [] }, undefined),
    { target: 'http://10.0.0.2:8080', controlPort: 0, faults: [] },
  );
});

test("a test's faults that cannot be: each says what and where", () => {
  assert.throws(
    () => normalizeFaultsBlock([], undefined),
    /faults\.target: is needed when http\.baseUrl is not set/,
  );
  assert.throws(
    () => normalizeFaultsBlock([], 'https://example.test'),
    /faults\.target: must be an http:\/\/ origin/,
  );
  assert.throws(
    () => normalizeFaultsBlock({ faults: [], control: 70000 }, 'http://x.test'),
    /faults\.control: must be a port/,
  );
  assert.throws(
    () => normalizeFaultsBlock({ faults: [], proxy: 1 }, 'http://x.test'),
    /faults\.proxy: is not a known option/,
  );
  assert.throws(
    () => normalizeFaultsBlock([{ kind: 'latency' }], 'http://x.test'),
    /faults\.faults\[0\]\.delay: is required/,
  );
});
