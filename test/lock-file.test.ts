/**
 * The lock file installs with `npm ci` on every platform: npm ci refuses a lock file that
 * leaves out an optional dependency of a package it holds (Biome's per-platform binaries
 * are the usual case, when the file was written on one platform without them).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

interface LockedPackage {
  readonly optionalDependencies?: Record<string, string>;
}

test('the lock file records every optional dependency of every package it holds', () => {
  const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
    packages: Record<string, LockedPackage>;
  };
  const paths = new Set(Object.keys(lock.packages));
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      // npm resolves a dependency in the package's own node_modules, then up the tree.
      const candidates = [
        path ? `${path}/node_modules/${name}` : `node_modules/${name}`,
        `node_modules/${name}`,
      ];
      if (!candidates.some((candidate) => paths.has(candidate)))
        missing.push(`${name} (of ${path || 'the root'})`);
    }
  }
  assert.deepEqual(missing, [], 'run `npm install --package-lock-only` to record them');
});
