import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadPlan } from './load-plan.ts';

test("a test file outside any project imports 'salvo': the Salvo that loads it", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'salvo-alone-'));
  try {
    const path = join(dir, 't.ts');
    writeFileSync(
      path,
      `import { defineTest } from 'salvo';
export default defineTest({ vus: 1, iterations: 1, exec: async () => {} });
`,
    );
    const plan = await loadPlan({ kind: 'file', path, overrides: {} });
    assert.deepEqual(
      plan.scenarios.map((scenario) => scenario.name),
      ['default'],
    );
    assert.equal(import.meta.resolve('salvo'), new URL('../index.ts', import.meta.url).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a test outside any project imports a package installed beside Salvo; one nowhere is still an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'salvo-alone-'));
  try {
    // hdr-histogram-js: installed with this Salvo (its devDependency), not in the test's folder
    const found = join(dir, 'found.ts');
    writeFileSync(
      found,
      `import { defineTest } from 'salvo';
import { build } from 'hdr-histogram-js';
const histogram = build();
histogram.recordValue(7);
export default defineTest({ vus: 1, iterations: histogram.totalCount, exec: async () => {} });
`,
    );
    const plan = await loadPlan({ kind: 'file', path: found, overrides: {} });
    assert.deepEqual(
      plan.scenarios.map((scenario) => scenario.name),
      ['default'],
    );
    const missing = join(dir, 'missing.ts');
    writeFileSync(missing, `import 'salvo-no-such-package';\nexport default {};\n`);
    await assert.rejects(loadPlan({ kind: 'file', path: missing, overrides: {} }), /salvo-no-such-package/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
