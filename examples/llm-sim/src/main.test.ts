import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';

const MAIN = new URL('./main.ts', import.meta.url).pathname;

test('a bad flag prints one line and exits 1', () => {
  const result = spawnSync(process.execPath, [MAIN, '--port', 'x'], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(result.status, 1);
  assert.equal(result.stderr, 'llm-sim: --port must be a number, got "x"\n');
});

test('a bad profile value prints one line and exits 1', () => {
  const result = spawnSync(process.execPath, [MAIN, '--port', '0', '--jitter', '2'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  assert.equal(result.status, 1);
  assert.equal(result.stderr, 'llm-sim: model "llama3.2": jitter must be within 0..1\n');
});

async function firstLine(child: ChildProcess): Promise<string> {
  let output = '';
  for await (const chunk of child.stdout!) {
    output += chunk;
    if (output.includes('\n')) break;
  }
  return output;
}

test('it prints its URL, serves the Ollama API and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [MAIN, '--port', '0', '--models', 'llama3.2'], {
    env: { ...process.env, OLLAMA_SIM_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  try {
    const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(await firstLine(child))?.[1];
    assert.ok(url, 'the URL is printed');
    assert.equal(await (await fetch(url)).text(), 'Ollama is running');
    const tags = (await (await fetch(`${url}/api/tags`)).json()) as { models: Array<{ name: string }> };
    assert.deepEqual(
      tags.models.map((m) => m.name),
      ['llama3.2:latest'],
    );
  } finally {
    child.kill('SIGTERM');
  }
  assert.deepEqual(await exited, [0, null]);
});
