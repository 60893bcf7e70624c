import { parseArgs } from 'node:util';
import { DEFAULT_MODELS, type ModelProfile } from './profiles.ts';
import type { LlmSimOptions } from './server.ts';

export const USAGE = `Usage: node examples/llm-sim/src/main.ts [flags]

An Ollama-compatible LLM server simulator (no GPU, no weights: simulated text and timing).

  --host HOST               interface to bind (default 127.0.0.1, env OLLAMA_SIM_HOST)
  --port N                  port, 0 for a free one (default 11434, env OLLAMA_SIM_PORT)
  --seed N                  seed for jitter and error injection (default random)
  --models A,B              models to serve (default ${Object.keys(DEFAULT_MODELS).join(',')});
                            unknown names get the llama3.2 profile
Profile overrides, applied to every model served:
  --ttft-ms MS              time to first token
  --tokens-per-second N     generation speed
  --jitter F                0..1, spread of both delays
  --error-rate F            0..1, fraction answered with HTTP 500
  --max-concurrency N       requests generated at once per model; more queue
  --max-queue N             requests allowed to wait per model; more get HTTP 503
  --max-tokens N            natural answer length in tokens
  --embedding-dimensions N  length of embedding vectors
  -h, --help                this text`;

const PROFILE_FLAGS = {
  'ttft-ms': 'timeToFirstTokenMs',
  'tokens-per-second': 'tokensPerSecond',
  jitter: 'jitter',
  'error-rate': 'errorRate',
  'max-concurrency': 'maxConcurrency',
  'max-queue': 'maxQueue',
  'max-tokens': 'maxTokens',
  'embedding-dimensions': 'embeddingDimensions',
} as const satisfies Record<string, keyof ModelProfile>;

export type CliCommand = { kind: 'help' } | { kind: 'serve'; options: LlmSimOptions };

function toNumber(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new Error(`--${flag} must be a number, got "${text}"`);
  return value;
}

function toInteger(flag: string, text: string, min: number, max: number): number {
  const value = toNumber(flag, text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${flag} must be an integer within ${min}..${max}, got "${text}"`);
  }
  return value;
}

interface Flags {
  help: boolean;
  values: Record<string, string | undefined>;
}

function parseFlags(argv: readonly string[]): Flags {
  try {
    const { help, ...values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        seed: { type: 'string' },
        models: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(Object.keys(PROFILE_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
      },
    }).values;
    return { help: help === true, values: values as Record<string, string | undefined> };
  } catch (error) {
    // parseArgs explains over several lines; the first says what is wrong.
    throw new Error((error as Error).message.split('\n')[0]);
  }
}

/** Parses the CLI flags (env as fallback for host and port); throws a one-line Error on bad input. */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliCommand {
  const { help, values: flags } = parseFlags(argv);
  if (help) return { kind: 'help' };
  const host = flags.host ?? env.OLLAMA_SIM_HOST ?? '127.0.0.1';
  if (host.trim() === '') throw new Error('--host must not be empty');
  const port = toInteger('port', flags.port ?? env.OLLAMA_SIM_PORT ?? '11434', 0, 65535);
  const seed = flags.seed === undefined ? undefined : toInteger('seed', flags.seed, 0, 2 ** 32 - 1);
  const overrides: Partial<ModelProfile> = {};
  for (const [flag, field] of Object.entries(PROFILE_FLAGS)) {
    const text = flags[flag];
    if (text !== undefined) overrides[field] = toNumber(flag, text);
  }
  const names = flags.models === undefined ? Object.keys(DEFAULT_MODELS) : flags.models.split(',');
  const models: Record<string, Partial<ModelProfile>> = {};
  for (const raw of names) {
    const name = raw.trim();
    if (name === '') throw new Error(`--models has an empty name: "${flags.models}"`);
    models[name] = { ...DEFAULT_MODELS[name], ...overrides };
  }
  return { kind: 'serve', options: { host, port, seed, models } };
}
