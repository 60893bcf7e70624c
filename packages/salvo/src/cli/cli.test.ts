import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from '../http/testing/index.ts';
import { testFiles } from '../run/testing/test-files.ts';

const BIN = fileURLToPath(new URL('../../bin/salvo.js', import.meta.url));
const files = testFiles();
let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
  files.remove();
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function salvo(args: string[], options: { interruptWhen?: () => boolean } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const { interruptWhen } = options;
    const timer = interruptWhen
      ? setInterval(() => {
          if (!interruptWhen()) return;
          clearInterval(timer);
          child.kill('SIGINT');
        }, 50)
      : undefined;
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A one-line error on stderr, no stack trace, exit code 1. */
function assertUsageError(ran: Ran, pattern: RegExp): void {
  assert.equal(ran.code, 1, ran.stderr);
  const lines = ran.stderr.trim().split('\n');
  assert.equal(lines.length, 1, ran.stderr);
  assert.match(lines[0]!, /^salvo: /);
  assert.match(lines[0]!, pattern);
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const okTest = (extra = '') => `
export default defineTest({
  vus: 2, duration: '1s', http: { baseUrl: '__BASE__' }, ${extra}
  exec: async (vu) => { await vu.http.get('/'); },
});`;

function writeTest(name: string, source: string): string {
  return files.write(name, source.replaceAll('__BASE__', server.url));
}

test('bad input gets one line and exit code 1', async () => {
  assertUsageError(await salvo(['launch']), /unknown command "launch"/);
  assertUsageError(await salvo(['run', 'no-such-test.ts']), /test file not found: no-such-test\.ts/);
  assertUsageError(await salvo(['run', '--frobnicate']), /frobnicate/);
  assertUsageError(await salvo(['run', '--url', 'ftp://x']), /--url must be an http/);
  assertUsageError(
    await salvo(['run', '--url', server.url, '--vus', 'many']),
    /--vus must be a whole number/,
  );
  assertUsageError(
    await salvo(['run', '--url', server.url, '--out', 'xml=a.xml']),
    /unknown output kind "xml"/,
  );
  const syntax = files.write('syntax.ts', 'export default defineTest({ vus: 1,, });');
  assertUsageError(await salvo(['run', syntax]), /syntax\.ts: line \d+: SyntaxError/);
  const thrower = files.write(
    'throws.ts',
    'const x: any = undefined;\nx.boom();\nexport default defineTest({});',
  );
  assertUsageError(await salvo(['run', thrower]), /throws\.ts: line 3: TypeError/);
  assertUsageError(
    await salvo(['run', writeTest('dur.ts', okTest().replace("'1s'", "'1 sec'"))]),
    /invalid duration/,
  );
  assertUsageError(
    await salvo(['run', writeTest('thr.ts', okTest(`thresholds: { http_req_duration: ['p95<100'] },`))]),
    /p95<100/,
  );
  const port = await closedPort();
  assertUsageError(
    await salvo(['run', '--url', `http://127.0.0.1:${port}/`]),
    /cannot reach .*connection refused/,
  );
});

test('exit codes: 0 passed, 99 thresholds crossed, 2 aborted', async () => {
  const passed = await salvo([
    'run',
    '-q',
    '-w',
    '1',
    writeTest('pass.ts', okTest(`thresholds: { http_reqs: ['count>0'] },`)),
  ]);
  assert.equal(passed.code, 0, passed.stderr);
  const crossed = await salvo([
    'run',
    '-q',
    '-w',
    '1',
    writeTest('fail.ts', okTest(`thresholds: { http_req_duration: ['p(99)<0.001'] },`)),
  ]);
  assert.equal(crossed.code, 99, crossed.stderr);
  const out = join(files.dir, 'aborted.json');
  const aborted = await salvo([
    'run',
    '-q',
    '-w',
    '1',
    '-o',
    `json=${out}`,
    writeTest(
      'abort.ts',
      okTest(`thresholds: { http_reqs: [{ threshold: 'count<1', abortOnFail: true }] },`).replace(
        "'1s'",
        "'20s'",
      ),
    ),
  ]);
  assert.equal(aborted.code, 2, aborted.stderr);
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(doc.meta.outcome, 'aborted');
  assert.ok(doc.meta.durationMs < 10_000, `aborted early, ran ${doc.meta.durationMs} ms`);
});

test('Ctrl-C stops the run and still writes what it measured', async () => {
  const out = join(files.dir, 'interrupted.json');
  const csv = join(files.dir, 'interrupted.csv');
  let served = 0;
  const target = createHttpServer((_req, res) => {
    served++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  const source = okTest().replace("'1s'", "'60s'").replace('__BASE__', base);
  const ran = await salvo(
    ['run', '-w', '2', '-o', `json=${out}`, '-o', `csv=${csv}`, files.write('long.ts', source)],
    {
      interruptWhen: () => served >= 200,
    },
  );
  target.closeAllConnections();
  target.close();
  assert.equal(ran.code, 2, ran.stderr);
  assert.match(ran.stderr, /stopping/);
  assert.doesNotMatch(ran.stderr, /\n\s+at /);
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(doc.meta.outcome, 'interrupted');
  assert.ok(doc.metrics.http_reqs.values.count > 0);
  assert.equal(doc.meta.runners.length, 2);
  assert.match(readFileSync(csv, 'utf8'), /^time,/);
  assert.match(ran.stdout, /interrupted/);
});

test('a quick run without a file', async () => {
  const out = join(files.dir, 'quick.json');
  const ran = await salvo([
    'run',
    '--url',
    `${server.url}/`,
    '-i',
    '50',
    '-u',
    '5',
    '-w',
    '1',
    '-q',
    '-o',
    `json=${out}`,
  ]);
  assert.equal(ran.code, 0, ran.stderr);
  const doc = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(doc.metrics.http_reqs.values.count, 50);
  assert.equal(doc.meta.test, `${server.url}/`);
});
