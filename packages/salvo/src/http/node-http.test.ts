/**
 * The salvo command's modules load neither Node's internal undici nor node:http2 (node-http.ts
 * says why): checked in a fresh process, since this test runner has loaded both already.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

test('loading the CLI and the run engine leaves internal undici and node:http2 unloaded', () => {
  const main = new URL('../cli/main.ts', import.meta.url).href;
  const loaded = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(main)}); console.log(JSON.stringify(process.moduleLoadList));`,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const modules: string[] = JSON.parse(loaded);
  assert.ok(modules.includes('NativeModule tls'), 'the run engine was loaded');
  assert.deepEqual(
    modules.filter((name) => /undici|http2/.test(name)),
    [],
  );
});
