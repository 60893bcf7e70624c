import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../http/testing/index.ts';
import { sampleDocument } from '../outputs/testing/sample-document.ts';
import { testFiles } from '../run/testing/test-files.ts';
import { assertUsageError, readResults, salvo } from './testing/salvo-process.ts';

const files = testFiles();
let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
  files.remove();
});

const inDir = (name: string): string => join(files.dir, name);
/** Writes `text` as `name` in the test's folder; returns its path. */
function writeFile(name: string, text: string): string {
  writeFileSync(inDir(name), text);
  return inDir(name);
}

test('salvo report rebuilds, byte for byte, the report --out html= wrote at the end of the run', async () => {
  const json = inDir('run.json');
  const html = inDir('out/run.html');
  const ran = await salvo([
    'run',
    '--url',
    `${server.url}/`,
    '-n',
    '30',
    '-u',
    '2',
    '-q',
    '--out',
    `json=${json}`,
    '--out',
    `html=${html}`,
  ]);
  assert.equal(ran.code, 0, ran.stderr);
  const written = readFileSync(html, 'utf8');
  assert.match(written, /^<!doctype html>/);
  assert.deepEqual(JSON.parse(/id="salvo-doc">(.*?)<\/script>/s.exec(written)![1]!), readResults(json));

  const again = inDir('again.html');
  const report = await salvo(['report', json, '-o', again]);
  assert.equal(report.code, 0, report.stderr);
  assert.equal(report.stdout, `report: ${again}\n`);
  assert.equal(readFileSync(again, 'utf8'), written);
});

test('salvo report: bad input gets one line with its code', async () => {
  const notJson = writeFile('not.json', 'hello');
  const other = writeFile('other.json', '{"name":"x"}');
  const doc = sampleDocument({ openModel: false, passed: true });
  const v2 = writeFile('v2.json', JSON.stringify({ ...doc, version: 2 }));
  const badHistogram = writeFile(
    'bad-hdr.json',
    JSON.stringify({ ...doc, histograms: { http_req_duration: 'HISTFAAAnope' } }),
  );
  assertUsageError(
    await salvo(['report', inDir('missing.json'), '-o', 'r.html']),
    /cannot read .*missing\.json \(ENOENT\) \[SALVO_ERR_RESULTS\]/,
  );
  assertUsageError(
    await salvo(['report', notJson, '-o', 'r.html']),
    /not\.json is not JSON.*\[SALVO_ERR_RESULTS\]/,
  );
  assertUsageError(
    await salvo(['report', other, '-o', 'r.html']),
    /other\.json is not a results document .*\[SALVO_ERR_RESULTS\]/,
  );
  assertUsageError(
    await salvo(['report', v2, '-o', 'r.html']),
    /version 2; this Salvo reads version 1 \[SALVO_ERR_RESULTS\]/,
  );
  assertUsageError(
    await salvo(['report', badHistogram, '-o', 'r.html']),
    /bad-hdr\.json: not a Salvo HDR histogram encoding.*\[SALVO_ERR_RESULTS\]/,
  );
  assertUsageError(await salvo(['report', notJson]), /needs a results file and -o FILE.*\[SALVO_ERR_USAGE\]/);
  assertUsageError(
    await salvo(['report', notJson, '-o', 'r.html', '--frob']),
    /Unknown option '--frob'.*\[SALVO_ERR_USAGE\]/,
  );
});
