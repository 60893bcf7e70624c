import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SalvoError } from '../errors.ts';
import { loadPlan } from './load-plan.ts';

test('a test in a CommonJS project (what `npm init -y` writes) fails to load with the fix', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'salvo-cjs-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'p', type: 'commonjs' }));
    const path = join(dir, 't.ts');
    writeFileSync(
      path,
      "import { defineTest } from 'salvo';\nexport default defineTest({ vus: 1, exec: async () => {} });\n",
    );
    await assert.rejects(loadPlan({ kind: 'file', path, overrides: {} }), (error) => {
      assert.ok(error instanceof SalvoError);
      assert.equal(error.code, 'SALVO_ERR_TEST_FILE');
      assert.match(
        error.message,
        /t\.ts: line 1: SyntaxError: Cannot use import statement outside a module$/,
      );
      assert.equal(error.hint, 'set "type": "module" in package.json, or name the file .mts');
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
