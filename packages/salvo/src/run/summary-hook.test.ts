import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { readResults, salvo } from '../cli/testing/salvo-process.ts';
import { startTestServer, type TestServer } from '../http/testing/index.ts';
import { testFiles } from './testing/test-files.ts';

// onSummary(results), k6's handleSummary, as a user's test file has it, run by the command.

const SALVO_ENTRY = pathToFileURL(new URL('../index.ts', import.meta.url).pathname).href;
const files = testFiles();
let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
  files.remove();
});

let tests = 0;
/** A test of 4 requests whose onSummary is `hook` (source text). */
function hookTest(hook: string): string {
  return files.write(
    `hook-${++tests}.ts`,
    `import { textSummary } from '${SALVO_ENTRY}';
    export default defineTest({
      iterations: 4,
      http: { baseUrl: '${server.url}' },
      exec: async (vu) => { await vu.http.get('/status/200'); },
      onSummary: ${hook},
    });`,
  );
}

/** Runs `path` in `cwd` (files.dir by default) with -o json=...; its output and document. */
async function run(path: string, ...args: string[]) {
  const json = join(files.dir, `results-${++tests}.json`);
  const ran = await salvo(['run', path, '-w', '1', '-o', `json=${json}`, ...args], { cwd: files.dir });
  return { ran, json };
}

test('its files are written (objects as JSON, paths from the working directory), its stdout replaces the summary', async () => {
  const path = hookTest(`(results) => {
    results.meta.test = 'changed by the hook';
    return {
      stdout: 'requests: ' + results.metrics.http_reqs.values.count + '\\n',
      'reports/summary.json': results,
      'reports/short.txt': 'outcome ' + results.meta.outcome + '\\n',
    };
  }`);
  const { ran, json } = await run(path);
  assert.equal(ran.code, 0, ran.stderr);
  assert.equal(ran.stdout, 'requests: 4\n', 'no default summary, only what the hook printed');
  const written = JSON.parse(readFileSync(join(files.dir, 'reports/summary.json'), 'utf8'));
  const document = readResults(json);
  assert.equal(written.meta.testId, document.meta.testId, 'the results document');
  assert.equal(written.meta.test, 'changed by the hook');
  assert.equal(document.meta.test, path, 'what the hook changes does not reach --out json');
  assert.equal(readFileSync(join(files.dir, 'reports/short.txt'), 'utf8'), 'outcome passed\n');
});

test('textSummary(results) keeps the default summary; returning nothing prints nothing', async () => {
  const kept = await run(hookTest(`(results) => ({ stdout: textSummary(results) })`));
  assert.equal(kept.ran.code, 0, kept.ran.stderr);
  assert.match(kept.ran.stdout, /TRENDS[\s\S]*✓ passed · exit code 0/);
  const silent = await run(hookTest(`async () => {}`));
  assert.equal(silent.ran.code, 0, silent.ran.stderr);
  assert.equal(silent.ran.stdout, '');
});

test('a hook that throws: one script error line, the default summary instead, the results kept', async () => {
  const { ran, json } = await run(hookTest(`() => { throw new TypeError('no report today'); }`));
  assert.equal(ran.code, 0, 'the run passed: its exit code stays');
  assert.match(
    ran.stderr,
    /^salvo: onSummary failed: TypeError: no report today \(.*hook-\d+\.ts:\d+:\d+\) \(the default summary is printed instead\) \[SALVO_ERR_SCRIPT\]$/m,
  );
  assert.match(ran.stdout, /TRENDS[\s\S]*✓ passed · exit code 0/);
  assert.equal(readResults(json).metrics.http_reqs.values.count, 4);
  const bad = await run(hookTest(`() => ({ 'x.txt': 42 })`));
  assert.match(
    bad.ran.stderr,
    /onSummary failed: "x\.txt" must be a string or an object, got number .*\[SALVO_ERR_SCRIPT\]/,
  );
  assert.match(bad.ran.stdout, /exit code 0/);
  assert.equal(existsSync(join(files.dir, 'x.txt')), false, 'nothing of a bad map is written');
});

test('a file it names that cannot be written fails like an --out file; the others are written', async () => {
  mkdirSync(join(files.dir, 'taken'));
  const { ran, json } = await run(
    hookTest(`(results) => ({ taken: 'a directory is there', 'fine.txt': 'ok' })`),
  );
  assert.equal(ran.code, 1);
  assert.match(ran.stderr, /cannot write taken: .*\[SALVO_ERR_OUTPUT\]/);
  assert.equal(readFileSync(join(files.dir, 'fine.txt'), 'utf8'), 'ok');
  assert.equal(readResults(json).metrics.http_reqs.values.count, 4);
});

test('--no-summary skips the hook too, as k6 skips handleSummary', async () => {
  const { ran } = await run(hookTest(`() => ({ 'skipped.txt': 'ran' })`), '--no-summary');
  assert.equal(ran.code, 0, ran.stderr);
  assert.equal(existsSync(join(files.dir, 'skipped.txt')), false);
});
