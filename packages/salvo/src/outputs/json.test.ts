import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SalvoError } from '../errors.ts';
import { jsonOutput, writeFileAtomic } from './json.ts';
import { sampleDocument } from './testing/sample-document.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'salvo-json-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const META = {
  testId: 'id',
  test: 'tests/blog.ts',
  startedAt: '2026-11-23T15:00:00.000Z',
  plannedDurationMs: 1000,
  scenarios: [],
};

function isOutputError(error: unknown): boolean {
  assert.ok(error instanceof SalvoError);
  assert.equal(error.code, 'SALVO_ERR_OUTPUT');
  assert.doesNotMatch(error.message, /\n/);
  return true;
}

describe('writeFileAtomic', () => {
  it('creates missing parent directories and leaves no temporary file', async () => {
    const path = join(dir, 'a', 'b', 'out.txt');
    await writeFileAtomic(path, 'hello');
    assert.equal(await readFile(path, 'utf8'), 'hello');
    assert.deepEqual(await readdir(join(dir, 'a', 'b')), ['out.txt']);
  });

  it('replaces an existing file whole', async () => {
    const path = join(dir, 'replace.txt');
    await writeFile(path, 'old content that is longer');
    await writeFileAtomic(path, new TextEncoder().encode('new'));
    assert.equal(await readFile(path, 'utf8'), 'new');
  });

  it('fails with SALVO_ERR_OUTPUT when the directory cannot be created', async () => {
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, 'x');
    await assert.rejects(writeFileAtomic(join(blocker, 'out.json'), '{}'), isOutputError);
  });

  it('fails with SALVO_ERR_OUTPUT when the target is a directory, and cleans up', async () => {
    const target = join(dir, 'is-a-dir');
    await writeFileAtomic(join(target, 'inner.txt'), 'x');
    await assert.rejects(writeFileAtomic(target, '{}'), isOutputError);
    assert.deepEqual(
      (await readdir(dir)).filter((f) => f.includes('.tmp-')),
      [],
    );
  });
});

describe('jsonOutput', () => {
  it('writes the whole results document at the end', async () => {
    const path = join(dir, 'results', 'run.json');
    const output = jsonOutput(path);
    await output.start(META);
    const doc = sampleDocument({ openModel: true, passed: true });
    await output.end(doc);
    const text = await readFile(path, 'utf8');
    assert.ok(text.endsWith('}\n'));
    assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(doc)));
    assert.deepEqual(await readdir(join(dir, 'results')), ['run.json']);
  });

  it('fails at start, before the run, for a path that cannot be written', async () => {
    const blocker = join(dir, 'blocker');
    await writeFile(blocker, 'x');
    await assert.rejects(async () => jsonOutput(join(blocker, 'run.json')).start(META), isOutputError);
  });
});
