import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../http/testing/index.ts';
import { testFiles } from '../run/testing/test-files.ts';
import { connectSse } from '../web/dashboard/testing/sse-client.ts';
import { assertUsageError, readResults, salvo } from './testing/salvo-process.ts';

/** `salvo run --dashboard` as users run it: the flags, the address, the browser, the linger. */

const files = testFiles();
let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
  files.remove();
});

test('bad dashboard flags are usage errors, reported with the others at once', async () => {
  assertUsageError(
    await salvo(['run', '--url', server.url, '--dashboard=70000', '--vus', '0']),
    /--dashboard=PORT must be a port number 0-65535 \(0: a free one\), got 70000/,
    /--vus must be a whole number >= 1/,
  );
  assertUsageError(
    await salvo(['run', '--url', server.url, '--dashboard-open']),
    /--dashboard-open needs --dashboard/,
  );
  assertUsageError(
    await salvo(['run', '--url', server.url, '--dashboard=0', '--dashboard-linger', 'soon']),
    /--dashboard-linger must be a duration like 30s/,
  );
});

/** A directory for PATH holding only a fake `xdg-open` that writes down what it was asked to open. */
function fakeBrowser(): { bin: string; opened: string } {
  const bin = join(files.dir, 'bin');
  const opened = join(files.dir, 'opened.txt');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\necho "$@" > '${opened}'\n`);
  chmodSync(join(bin, 'xdg-open'), 0o755);
  return { bin, opened };
}

test('--dashboard prints its address, opens the browser, and lingers with the final document until Ctrl-C', async () => {
  const testFile = files.write(
    'linger.ts',
    `export default defineTest({ vus: 1, duration: '1500ms', http: { baseUrl: '${server.url}' },
       exec: async (vu) => { await vu.http.get('/'); await vu.sleep(0.01); } });`,
  );
  const json = join(files.dir, 'linger.json');
  const browser = fakeBrowser();
  let checked: Promise<unknown> | undefined;
  let done = false;
  const startedAt = Date.now();
  const ran = await salvo(
    ['run', testFile, '--dashboard=0', '--dashboard-open', '--dashboard-linger', '60s', '-o', `json=${json}`],
    {
      env: { PATH: browser.bin },
      // once the run is over and the page lingers: read it, then Ctrl-C
      interruptWhen: ({ stderr }) => {
        const url = /dashboard: the final results stay at (\S+)/.exec(stderr)?.[1];
        if (url === undefined) return false;
        checked ??= (async () => {
          const events = await connectSse(`${url}events`);
          const end = await events.next();
          events.close();
          return end;
        })().finally(() => (done = true));
        return done;
      },
    },
  );
  assert.equal(ran.code, 0, `the run's own exit code after Ctrl-C in the linger: ${ran.stderr}`);
  assert.ok(Date.now() - startedAt < 45_000, 'Ctrl-C closed it before the 60 s');
  const url = /^dashboard: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(ran.stderr)?.[1];
  assert.ok(url, ran.stderr);
  assert.equal(readFileSync(browser.opened, 'utf8').trim(), url, 'xdg-open was given the address');
  const end = (await checked) as { type: string; data: { doc: unknown } };
  assert.equal(end.type, 'end', 'a browser after the run gets the end');
  assert.deepEqual(end.data.doc, readResults(json));
});

test('without a browser to open, one line says so and the command goes on (here to the test file’s error)', async () => {
  const ran = await salvo(['run', join(files.dir, 'missing.ts'), '--dashboard=0', '--dashboard-open'], {
    env: { PATH: join(files.dir, 'empty') },
  });
  assert.equal(ran.code, 1, ran.stderr);
  assert.match(ran.stderr, /^dashboard: http:\/\/127\.0\.0\.1:\d+\/$/m);
  assert.match(ran.stderr, /^dashboard: could not open a browser \(xdg-open not found\); open http:\S+$/m);
  assert.match(ran.stderr, /\[SALVO_ERR_TEST_FILE\]/);
});
