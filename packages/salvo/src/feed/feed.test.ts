/**
 * Feeds through the engine: `unique` rows never used twice across two worker threads (and
 * the run stopping when they run out), `shared` and `random` modes, CSV and JSON files.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { startTestFile } from '../run/testing/started-test-file.ts';
import { testFiles } from '../run/testing/test-files.ts';

const files = testFiles();
const SALVO = new URL('../index.ts', import.meta.url).href;
/** Every `?vu=..&row=..` the server saw, in order. */
let seen: { vu: string; row: string }[] = [];
let server: Server;
let url: string;

before(async () => {
  server = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    seen.push({ vu: query.get('vu') ?? '', row: query.get('row') ?? '' });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => {
  seen = [];
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  files.remove();
});

/** A users CSV of `rows` rows beside the test files (a quoted field with a comma in each). */
function usersCsv(name: string, rows: number): void {
  const lines = ['id,email,password'];
  for (let i = 1; i <= rows; i++) lines.push(`${i},user${i}@example.test,"pa,ss${i}"`);
  writeFileSync(join(files.dir, name), `${lines.join('\r\n')}\r\n`);
}

/** Each iteration takes a row and sends `?vu=ID&row=ID` (the password checked on the way). */
const takeRow = (): string => `async (vu) => {
  const user = users.next(vu);
  if (user.password !== 'pa,ss' + user.id) throw new Error('bad row ' + JSON.stringify(user));
  await vu.http.get('${url}/?vu=' + vu.id + '&row=' + user.id);
}`;

test('unique: across two worker threads no row is used twice, and the run stops when they run out', async () => {
  usersCsv('unique-users.csv', 200);
  const started = await startTestFile(
    files,
    `import { rmSync } from 'node:fs';
    import { isMainThread } from 'node:worker_threads';
    import { feed } from '${SALVO}';
    const users = feed('unique-users.csv', { mode: 'unique' });
    // loaded once, by the coordinator: a worker that read the file again would not find it
    if (isMainThread) rmSync(new URL('unique-users.csv', import.meta.url));
    export default defineTest({
      scenarios: { login: { executor: 'per-vu-iterations', vus: 4, iterations: 100,
        exec: ${takeRow()} } },
    });`,
    { workers: 2 },
  );
  const { results: doc } = await started.running.done;
  assert.equal(doc.meta.runners.length, 2);
  const rows = seen.map((s) => s.row);
  assert.equal(rows.length, 200, 'every row was taken once: 400 iterations wanted more');
  assert.equal(new Set(rows).size, 200, 'no row twice');
  assert.deepEqual(
    [...new Set(seen.map((s) => s.vu))].sort(),
    ['1', '2', '3', '4'],
    'the VUs of both threads took rows',
  );
  const exhausted = doc.errors.filter((e) => e.kind === 'script');
  assert.ok(exhausted.length > 0 && /all 200 rows used \(mode unique\)/.test(exhausted[0]!.message ?? ''));
  // each runner stopped at its first exhausted VU: far fewer than the 400 iterations asked
  assert.ok((doc.metrics.iterations!.values as { count: number }).count < 220);
});

test('shared: every VU reads the same sequence from the first row, round and round', async () => {
  usersCsv('shared-users.csv', 3);
  const started = await startTestFile(
    files,
    `import { feed } from '${SALVO}';
    const users = feed('shared-users.csv');
    export default defineTest({
      scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 4, exec: ${takeRow()} } },
    });`,
  );
  const { exitCode } = await started.running.done;
  assert.equal(exitCode, 0);
  for (const vu of ['1', '2']) {
    assert.deepEqual(
      seen.filter((s) => s.vu === vu).map((s) => s.row),
      ['1', '2', '3', '1'],
    );
  }
});

test('random from a JSON array: rows as they are in the file', async () => {
  const users = Array.from({ length: 5 }, (_, i) => ({ id: i + 1, password: `pa,ss${i + 1}`, roles: ['a'] }));
  writeFileSync(join(files.dir, 'users.json'), JSON.stringify(users));
  const started = await startTestFile(
    files,
    `import { feed } from '${SALVO}';
    const users = feed('users.json', { mode: 'random' });
    if (users.size !== 5) throw new Error('size');
    export default defineTest({
      iterations: 40,
      exec: async (vu) => {
        const user = users.next(vu);
        if (!Array.isArray(user.roles)) throw new Error('JSON values keep their types');
        await vu.http.get('${url}/?vu=' + vu.id + '&row=' + user.id);
      },
    });`,
  );
  const { exitCode } = await started.running.done;
  assert.equal(exitCode, 0);
  assert.equal(seen.length, 40);
  const rows = new Set(seen.map((s) => s.row));
  assert.ok([...rows].every((row) => ['1', '2', '3', '4', '5'].includes(row)));
  assert.ok(rows.size >= 3, `40 random picks of 5 rows hit ${rows.size}`);
});

for (const [name, content, options, message] of [
  ['missing.csv', undefined, '', /feed\("missing\.csv"\): no such file/],
  ['bad.json', '{"a":1}', '', /feed\("bad\.json"\): the file must hold a JSON array/],
  ['bad.csv', 'a,b\n1,"x\n', '', /feed\("bad\.csv"\): line 2: a quoted field is never closed/],
  ['ok.csv', 'a\n1\n', ", { mode: 'once' }", /mode must be unique, shared or random/],
] as const) {
  test(`a bad feed is a one-line SALVO_ERR_TEST_DEFINITION: ${name}${options}`, async () => {
    if (content !== undefined) writeFileSync(join(files.dir, name), content);
    await assert.rejects(
      startTestFile(
        files,
        `import { feed } from '${SALVO}';
        feed('${name}'${options});
        export default defineTest({ iterations: 1, exec: () => {} });`,
      ),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'SALVO_ERR_TEST_DEFINITION');
        assert.match(error.message, message);
        return true;
      },
    );
  });
}
