import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../http/testing/index.ts';
import { testFiles } from '../run/testing/test-files.ts';
import { type RecordingServer, startRecordingServer } from './testing/recording-server.ts';
import { readResults, salvo } from './testing/salvo-process.ts';

// The request flags of autocannon and hey (-m, -b, --body-file, -t, -p, --http2) and k6's
// --http-debug, checked from the server's side where the results cannot tell.

const files = testFiles();
let recording: RecordingServer;
let routes: TestServer;
before(async () => {
  recording = await startRecordingServer();
  routes = await startTestServer();
});
after(async () => {
  await Promise.all([recording.close(), routes.close()]);
  files.remove();
});

let runs = 0;
async function run(args: string[]) {
  const out = join(files.dir, `run-${++runs}.json`);
  const ran = await salvo(['run', ...args, '-o', `json=${out}`]);
  assert.ok(ran.code === 0 || ran.code === 99, `exit ${ran.code}: ${ran.stderr}`);
  return { ran, doc: readResults(out) };
}

/** The requests the recording server saw for one path. */
function seen(server: RecordingServer, path: string) {
  return server.requests.filter((request) => request.url === path);
}

test('-m and -b set the method and body; --body-file sends its bytes as they are', async () => {
  await run([
    '--url',
    `${recording.url}/body`,
    '-m',
    'PUT',
    '-b',
    'hello',
    '-n',
    '2',
    '-c',
    '1',
    '-w',
    '1',
    '-q',
  ]);
  assert.deepEqual(
    seen(recording, '/body').map(({ method, body }) => `${method} ${body}`),
    ['PUT hello', 'PUT hello'],
  );
  const bytes = Buffer.from([0, 1, 2, 0xff, 0x0a, 0x80]);
  const path = join(files.dir, 'body.bin');
  writeFileSync(path, bytes);
  await run([
    '--url',
    `${recording.url}/file`,
    '-m',
    'post',
    '--body-file',
    path,
    '-n',
    '1',
    '-w',
    '1',
    '-q',
  ]);
  const [request] = seen(recording, '/file');
  assert.equal(request?.method, 'POST');
  assert.deepEqual(request?.body, bytes);
});

test('-t is the whole-request timeout (a bare number is seconds): late responses are timeouts', async () => {
  const { ran, doc } = await run([
    '--url',
    `${routes.url}/delay?ms=3000`,
    '-t',
    '0.3',
    '-n',
    '2',
    '-c',
    '1',
    '-w',
    '1',
    '-q',
  ]);
  assert.equal(ran.code, 99, 'nothing succeeded');
  assert.equal(doc.options.http.timeouts.requestMs, 300);
  assert.deepEqual(
    doc.errors.map(({ kind, count }: { kind: string; count: number }) => `${kind} ${count}`),
    ['timeout 2'],
  );
  assert.ok(doc.meta.durationMs < 2500, `did not wait for the responses: ${doc.meta.durationMs} ms`);

  const test = files.write(
    'timeout.ts',
    `export default defineTest({ vus: 1, iterations: 1, http: { timeout: '30s' }, exec: () => {} });`,
  );
  const file = await run([test, '--timeout', '250ms', '-w', '1', '-q']);
  assert.equal(file.doc.options.http.timeouts.requestMs, 250, "replaces the test's http.timeout");
});

test('-p pipelines: requests in flight together on each of -c connections', async () => {
  const before = recording.usedConnections();
  const { doc } = await run([
    '--url',
    `${recording.url}/delay?ms=40`,
    '-c',
    '2',
    '-p',
    '4',
    '-n',
    '16',
    '-w',
    '1',
    '-q',
  ]);
  assert.equal(doc.metrics.http_reqs.values.count, 16);
  assert.equal(seen(recording, '/delay?ms=40').length, 16);
  assert.equal(recording.usedConnections() - before, 2, 'one connection a VU');
  assert.equal(recording.maxInFlightPerConnection(), 4);
  assert.equal(doc.options.http.pipelining, 4);
});

test('--http2 speaks HTTP/2 to an https target (and HTTP/1.1 without it)', async () => {
  const h2 = await startRecordingServer({ http2: true });
  try {
    const h2Run = await run([
      '--url',
      `${h2.url}/h2`,
      '--http2',
      '-k',
      '-n',
      '5',
      '-c',
      '1',
      '-w',
      '1',
      '-q',
    ]);
    assert.equal(h2Run.doc.metrics.http_reqs.values.count, 5);
    assert.equal(h2Run.doc.meta.transport, 'h2');
    await run(['--url', `${h2.url}/h1`, '-k', '-n', '2', '-c', '1', '-w', '1', '-q']);
    assert.deepEqual(
      h2.requests.map(({ url, httpVersion }) => `${url} ${httpVersion}`),
      ['/h2 2.0', '/h2 2.0', '/h2 2.0', '/h2 2.0', '/h2 2.0', '/h1 1.1', '/h1 1.1'],
    );
  } finally {
    await h2.close();
  }
});

/** The `>` and `<` lines of --http-debug, per request label. */
function debugBlocks(stderr: string): Map<string, { out: string[]; in: string[] }> {
  const blocks = new Map<string, { out: string[]; in: string[] }>();
  let current: { out: string[]; in: string[] } | undefined;
  for (const line of stderr.split('\n')) {
    const start = /^([<>]) (#[\d.]+) /.exec(line);
    if (start) {
      const label = start[2]!;
      current = blocks.get(label) ?? { out: [], in: [] };
      blocks.set(label, current);
    }
    if (current && line.startsWith('> ')) current.out.push(line);
    if (current && line.startsWith('< ')) current.in.push(line);
  }
  return blocks;
}

test('--http-debug prints each request and response head as they happen, secrets redacted', async () => {
  const { ran } = await run([
    '--url',
    `${routes.url}/cookies/set?name=sid&value=v4lue`,
    '-H',
    'Authorization: Bearer s3cret',
    '-H',
    'Cookie: theirs=c00kie',
    '-n',
    '4',
    '-c',
    '2',
    '-w',
    '2',
    '-q',
    '--http-debug',
  ]);
  assert.equal(ran.code, 0, ran.stderr);
  const blocks = debugBlocks(ran.stderr);
  assert.equal(blocks.size, 4, ran.stderr);
  for (const [label, block] of blocks) {
    assert.match(label, /^#\d+\.\d+$/, 'worker threads label their requests');
    assert.match(
      block.out[0]!,
      / GET http:\/\/127\.0\.0\.1:\d+\/cookies\/set\?name=sid&value=v4lue \(lean\)$/,
    );
    assert.ok(block.out.includes('> Authorization: [redacted]'), block.out.join('\n'));
    assert.ok(block.out.includes('> Cookie: [redacted]'));
    assert.match(block.in[0]!, /^< #[\d.]+ HTTP\/1\.1 200 \(\d+\.\d ms\)$/);
    assert.ok(block.in.includes('< set-cookie: [redacted]'), block.in.join('\n'));
  }
  assert.doesNotMatch(ran.stderr, /s3cret|c00kie|sid=v4lue/);
});

test('--http-debug=full adds the bodies and shows every header', async () => {
  const { ran } = await run([
    '--url',
    `${routes.url}/echo`,
    '-m',
    'POST',
    '-b',
    '{"title":"x"}',
    '-H',
    'Authorization: Bearer s3cret',
    '-n',
    '1',
    '-w',
    '1',
    '-q',
    '--http-debug=full',
  ]);
  assert.equal(ran.code, 0, ran.stderr);
  const [block] = [...debugBlocks(ran.stderr).values()];
  assert.ok(block, ran.stderr);
  assert.ok(block.out.includes('> Authorization: Bearer s3cret'));
  assert.ok(block.out.includes('> Content-Length: 13'));
  // bodies follow each head: the request's, then the echo of it
  assert.match(ran.stderr, /^>\n\{"title":"x"\}\n< #1 HTTP\/1\.1 200/m);
  assert.match(ran.stderr, /^<\n\{"method":"POST","url":"\/echo".*"body":"\{\\"title\\":\\"x\\"\}"\}\n/m);
});
