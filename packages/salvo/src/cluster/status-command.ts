import { EXIT_CODES, SalvoError } from '../errors.ts';
import { readOptions, requireRedisUrl } from './command-args.ts';
import type { RunnerRecord, RunRecord } from './messages.ts';
import { connectRedis, KEYS, redisNowMs, scanKeys } from './redis.ts';

export const CLUSTER_HELP = `Usage: salvo cluster status --redis <URL>

Lists the runners that heartbeat to this Redis (capacity, state, the run they are in)
and the runs that are running or waiting for runners, in queue order (docs/cluster.md).

  --redis URL       redis://[:password@]host:6379, rediss:// for TLS
  --json            the same as JSON
  -h, --help        this text
`;

const OPTIONS = {
  redis: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function clusterCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = readOptions(args, OPTIONS, 'cluster');
  if (values.help || positionals.length === 0) {
    process.stdout.write(CLUSTER_HELP);
    return values.help ? EXIT_CODES.passed : EXIT_CODES.error;
  }
  if (positionals[0] !== 'status') {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `unknown cluster command "${positionals[0]}"`,
      'see `salvo cluster --help`',
    );
  }
  const url = requireRedisUrl(values.redis, '--redis', 'cluster');
  const redis = await connectRedis(url, 'salvo-status');
  try {
    const status = await readStatus(redis);
    process.stdout.write(values.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
  } finally {
    redis.disconnect();
  }
  return EXIT_CODES.passed;
}

export interface ClusterStatus {
  readonly runners: (RunnerRecord & { readonly lastSeenMs: number })[];
  readonly runs: RunRecord[];
}

export async function readStatus(redis: Awaited<ReturnType<typeof connectRedis>>): Promise<ClusterStatus> {
  const now = await redisNowMs(redis);
  const read = async <T>(pattern: string): Promise<T[]> => {
    const keys = await scanKeys(redis, pattern);
    if (keys.length === 0) return [];
    return (await redis.mget(...keys)).flatMap((text) => {
      try {
        return text ? [JSON.parse(text) as T] : [];
      } catch {
        return [];
      }
    });
  };
  const runners = (await read<RunnerRecord>(KEYS.runnerPattern))
    .map((record) => ({ ...record, lastSeenMs: Math.max(0, now - record.at) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const queue = await redis.lrange(KEYS.queue, 0, -1);
  const order = (run: RunRecord) => (run.state === 'running' ? -1 : queue.indexOf(run.runId));
  const runs = (await read<RunRecord>(KEYS.runPattern)).sort((a, b) => order(a) - order(b));
  return { runners, runs };
}

function formatStatus({ runners, runs }: ClusterStatus): string {
  const lines = [`runners: ${runners.length}`];
  for (const runner of runners) {
    const seen = `${(runner.lastSeenMs / 1000).toFixed(1)} s ago`;
    lines.push(
      `  ${runner.name.padEnd(20)} ${String(runner.capacity).padStart(7)} VUs  ${runner.state.padEnd(5)} ${runner.runId ?? ''}  ${runner.host} pid ${runner.pid}, v${runner.salvoVersion}, seen ${seen}`,
    );
  }
  lines.push(`runs: ${runs.length}`);
  for (const run of runs) {
    const who =
      run.state === 'running' ? `on ${run.runners.join(', ')}` : `wants ${run.runnersMin} runner(s)`;
    lines.push(`  ${run.runId}  ${run.state.padEnd(7)} ${run.test}  ${who}  (from ${run.host})`);
  }
  return `${lines.join('\n')}\n`;
}
