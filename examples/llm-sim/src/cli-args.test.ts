import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCliArgs } from './cli-args.ts';
import { DEFAULT_MODELS } from './profiles.ts';

test('without flags it serves the default models on 127.0.0.1:11434', () => {
  assert.deepEqual(parseCliArgs([], {}), {
    kind: 'serve',
    options: { host: '127.0.0.1', port: 11434, seed: undefined, models: DEFAULT_MODELS },
  });
});

test('flags win over OLLAMA_SIM_HOST and OLLAMA_SIM_PORT, which win over the defaults', () => {
  const env = { OLLAMA_SIM_HOST: '::1', OLLAMA_SIM_PORT: '8000' };
  const fromEnv = parseCliArgs([], env);
  assert.equal(fromEnv.kind === 'serve' && `${fromEnv.options.host} ${fromEnv.options.port}`, '::1 8000');
  const fromFlags = parseCliArgs(['--host', '127.0.0.1', '--port', '0', '--seed', '9'], env);
  assert.deepEqual(fromFlags.kind === 'serve' && fromFlags.options, {
    host: '127.0.0.1',
    port: 0,
    seed: 9,
    models: DEFAULT_MODELS,
  });
});

test('profile flags apply to every model named by --models', () => {
  const command = parseCliArgs(['--models', 'sim-large,mine', '--ttft-ms', '20', '--error-rate', '0.5'], {});
  assert.deepEqual(command.kind === 'serve' && command.options.models, {
    'sim-large': { ...DEFAULT_MODELS['sim-large'], timeToFirstTokenMs: 20, errorRate: 0.5 },
    mine: { timeToFirstTokenMs: 20, errorRate: 0.5 },
  });
});

test('bad flags are one-line errors', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--nope'], /Unknown option '--nope'/],
    [['--port', '70000'], /--port must be an integer within 0\.\.65535, got "70000"/],
    [['--port', ''], /--port must be a number/],
    [['--seed=-1'], /--seed must be an integer/],
    [['--seed', '-1'], /: Option '--seed' argument is ambiguous\.$/],
    [['--jitter', 'lots'], /--jitter must be a number, got "lots"/],
    [['--models', 'a,,b'], /--models has an empty name/],
    [['--host', ' '], /--host must not be empty/],
    [['serve'], /Unexpected argument 'serve'/],
  ];
  for (const [argv, message] of cases) assert.throws(() => parseCliArgs(argv, {}), message);
  assert.deepEqual(parseCliArgs(['-h'], {}), { kind: 'help' });
});
