import { hostname } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { EXIT_CODES, SalvoError } from '../errors.ts';
import { VU_HEAP_BYTES, VU_MEMORY_BYTES } from '../run/capacity.ts';
import { readOptions, requireRedisUrl } from './command-args.ts';
import { startRunnerAgent } from './runner-agent.ts';

export const RUNNER_HELP = `Usage: salvo runner --redis <URL> [options]

Waits for tests from \`salvo run --cluster URL\`, runs its share of each (one at a time,
on one core: start one runner per core or per pod), and waits again (docs/cluster.md).

  --redis URL       where runners and runs meet: redis://[:password@]host:6379, rediss:// for TLS
  --capacity N      the VUs it takes; shares follow capacities (default: what its memory holds)
  --name W          its name in the run's tables (default: host-pid); one name, one runner
  -h, --help        this text
`;

const OPTIONS = {
  redis: { type: 'string' },
  capacity: { type: 'string' },
  name: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The VUs one runner thread holds: its heap, and half this machine's free memory (run/capacity.ts). */
export function defaultCapacity(): number {
  const heap = (getHeapStatistics().heap_size_limit * 0.75) / VU_HEAP_BYTES;
  const memory = (process.availableMemory() * 0.5) / VU_MEMORY_BYTES;
  return Math.max(1, Math.floor(Math.min(heap, memory)));
}

/** `salvo runner`: runs until SIGINT or SIGTERM, then leaves the pool cleanly. */
export async function runnerCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = readOptions(args, OPTIONS, 'runner');
  if (values.help) {
    process.stdout.write(RUNNER_HELP);
    return EXIT_CODES.passed;
  }
  if (positionals.length > 0)
    throw new SalvoError('SALVO_ERR_USAGE', `salvo runner takes no file, got ${positionals[0]}`);
  const url = requireRedisUrl(values.redis, '--redis', 'runner');
  const capacity = values.capacity === undefined ? defaultCapacity() : Number(values.capacity);
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new SalvoError('SALVO_ERR_USAGE', `--capacity must be a whole number >= 1, got ${values.capacity}`);
  }
  const name = typeof values.name === 'string' ? values.name : `${hostname()}-${process.pid}`;
  if (!/^[\w.-]{1,64}$/.test(name)) {
    throw new SalvoError('SALVO_ERR_USAGE', `--name takes letters, digits, "-", "_" and ".", got ${name}`);
  }
  const log = (line: string) => process.stderr.write(`salvo runner ${name}: ${line}\n`);
  const agent = await startRunnerAgent({ url, name, capacity, log });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log('stopping');
  await agent.stop();
  return EXIT_CODES.passed;
}
