import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startCountingServer } from '../proxy/testing/counting-server.ts';
import { PROXY_HELP } from './help.ts';
import { assertUsageError, salvo } from './testing/salvo-process.ts';

const CLI_DOC = readFileSync(new URL('../../../../docs/cli.md', import.meta.url), 'utf8');
const BIN = fileURLToPath(new URL('../../bin/salvo.js', import.meta.url));

test('every flag of salvo proxy is in its --help and in docs/cli.md', async () => {
  const flags = [...PROXY_HELP.matchAll(/^ +(?:-\w, )?(--[a-z-]+)/gm)].map((match) => match[1]!);
  assert.deepEqual(flags, ['--listen', '--target', '--control', '--fault', '--faults', '--log', '--help']);
  const proxySection = CLI_DOC.split('## salvo proxy')[1]!.split('\n## ')[0]!;
  for (const flag of flags) assert.match(proxySection, new RegExp(`\`(-\\w, )?${flag}\\b`), flag);
  const ran = await salvo(['proxy', '--help']);
  assert.equal(ran.code, 0);
  assert.equal(ran.stdout, PROXY_HELP);
});

test('bad usage is one line with its code, exit 1', async () => {
  assertUsageError(
    await salvo(['proxy', '--listen', '9000']),
    /needs --listen HOST:PORT and --target URL.*SALVO_ERR_USAGE/,
  );
  assertUsageError(
    await salvo(['proxy', '--listen', '0', '--target', 'https://x.test']),
    /--target: https: is not served.*SALVO_ERR_USAGE/,
  );
  assertUsageError(
    await salvo([
      'proxy',
      '--listen',
      '0',
      '--target',
      'http://127.0.0.1:1',
      '--fault',
      'lag',
      '--fault',
      'latency:share=2',
    ]),
    /faults\[0\]\.kind: must be one of .*SALVO_ERR_FAULT/,
    /faults\[1\]\.share: must be a fraction.*SALVO_ERR_FAULT/,
    /faults\[1\]\.delay: is required.*SALVO_ERR_FAULT/,
  );
  assertUsageError(
    await salvo([
      'proxy',
      '--listen',
      '0',
      '--target',
      'http://127.0.0.1:1',
      '--faults',
      '/no/such/faults.json',
    ]),
    /--faults: cannot read \/no\/such\/faults\.json \(ENOENT\).*SALVO_ERR_FAULT/,
  );
});

test('salvo proxy forwards, injects and marks, answers on its control port, and stops on SIGINT', async () => {
  const server = await startCountingServer();
  const logDir = mkdtempSync(join(tmpdir(), 'salvo-proxy-log-'));
  const logFile = join(logDir, 'faults.jsonl');
  const child = spawn(
    process.execPath,
    [
      BIN,
      'proxy',
      '--listen',
      '127.0.0.1:0',
      '--target',
      server.url,
      '--fault',
      'http-error:status=502,route=/broken',
      '--fault',
      'reset:route=/reset',
      '--log',
      logFile,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const started = Date.now();
    while (!stdout.includes('/faults') && Date.now() - started < 20_000)
      await new Promise((r) => setTimeout(r, 50));
    const match = /salvo proxy: 127\.0\.0\.1:(\d+) -> .*control: (http:\S+)/.exec(stdout);
    assert.ok(match, stdout);
    const base = `http://127.0.0.1:${match[1]}`;
    const ok = await fetch(`${base}/fine`);
    assert.deepEqual([ok.status, await ok.text(), ok.headers.get('salvo-fault')], [200, 'xx', null]);
    const broken = await fetch(`${base}/broken`);
    assert.deepEqual([broken.status, broken.headers.get('salvo-fault')], [502, 'http-error']);
    await broken.arrayBuffer();
    assert.equal(server.count('/broken'), 0);
    await assert.rejects(fetch(`${base}/reset`));
    const state = (await (await fetch(match[2]!)).json()) as {
      requests: number;
      injectedByKind: Record<string, number>;
    };
    assert.equal(state.injectedByKind['http-error'], 1);
    assert.ok((state.injectedByKind.reset ?? 0) >= 1);
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.match(
      stdout,
      /salvo proxy: \d+ requests, \d+ connections; injected \{"http-error":1,"reset":\d+\}/,
    );
    // the proxy's own log: one line per reset, with the time and the client's port
    const lines = readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(lines.length, state.injectedByKind.reset);
    for (const line of lines) {
      assert.deepEqual([line.kind, line.name], ['reset', 'reset#1']);
      assert.ok(line.clientPort > 0 && line.atMs > 0);
    }
  } finally {
    rmSync(logDir, { recursive: true, force: true });
    child.kill();
    await server.close();
  }
});
