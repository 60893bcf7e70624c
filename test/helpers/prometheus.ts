import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild, waitUntilReady } from './ready-process.ts';
import { freePort } from './redis.ts';

/**
 * Debian's Prometheus for tests: `promtool check metrics` on an exposition, and a real
 * server scraping loopback targets into a throwaway data folder. scripts/setup.sh installs
 * the `prometheus` package when it is missing and it runs as root.
 */

const INSTALL_HINT = 'install it: apt-get install -y prometheus (scripts/setup.sh test does it as root)';
const START_ATTEMPTS = 3;

function installed(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Why the Prometheus tests cannot run here, for `test(..., { skip })`: only when the
 * package is missing and this is not root (setup.sh could not install it). As root a
 * missing package is a failure, not a skip: the tests then fail with the install hint.
 */
export function prometheusSkipReason(): string | false {
  if (installed('promtool') && installed('prometheus')) return false;
  return process.getuid?.() === 0
    ? false
    : `Debian's prometheus is not installed and this is not root: ${INSTALL_HINT}`;
}

export interface PromtoolResult {
  /** 0: valid and lint-clean; 1: does not parse; 3: lint problems. */
  readonly code: number;
  readonly output: string;
}

/** Runs `promtool check metrics` with `exposition` on stdin. */
export async function promtoolCheckMetrics(exposition: string): Promise<PromtoolResult> {
  const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (data: Buffer) => {
    output += data.toString();
  });
  child.stderr.on('data', (data: Buffer) => {
    output += data.toString();
  });
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error) =>
      reject(new Error(`cannot run promtool (${error.message}); ${INSTALL_HINT}`)),
    ),
  );
  child.stdin.end(exposition);
  const [code] = (await Promise.race([once(child, 'exit'), spawnError])) as [number | null];
  return { code: code ?? -1, output: output.trim() };
}

/** One sample of an instant vector: its labels and value. */
export interface VectorSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface RunningPrometheus {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** An instant query (PromQL) at now: the vector's samples. */
  query(expression: string): Promise<VectorSample[]>;
  /**
   * Resolves once every target has been scraped (has an `up` sample, 0 or 1). Prometheus
   * hands its first targets to the scrapers about 5 s after it starts.
   */
  scraped(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** `host:port` of each target, scraped at `/metrics` by the job `salvo`. */
  readonly targets: readonly string[];
  /** More jobs: job name → its targets (`host:port`, scraped at `/metrics`). */
  readonly jobs?: Readonly<Record<string, readonly string[]>>;
  /** Rule files (absolute paths), evaluated every scrape interval. */
  readonly ruleFiles?: readonly string[];
  readonly scrapeIntervalS?: number;
  /** More command-line flags, e.g. `--web.enable-remote-write-receiver`. */
  readonly flags?: readonly string[];
}

async function instantQuery(url: string, expression: string): Promise<VectorSample[]> {
  const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expression)}`);
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  if (body.status !== 'success' || body.data?.resultType !== 'vector') {
    throw new Error(`query ${expression}: ${body.error ?? JSON.stringify(body)}`);
  }
  return body.data.result.map(({ metric, value }) => ({ metric, value: Number(value[1]) }));
}

async function scraped(url: string, targets: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await instantQuery(url, 'up')).length < targets) {
    if (Date.now() > deadline) throw new Error(`prometheus scraped no target within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Starts Prometheus on a free loopback port, scraping `targets` every `scrapeIntervalS`
 * (default 1 s), its data in a temporary folder removed on stop; waits until it is ready.
 *
 * @example
 * const prometheus = await startPrometheus({ targets: ['127.0.0.1:9464'] });
 * try { await prometheus.query('up'); } finally { await prometheus.stop(); }
 */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'salvo-prometheus-'));
  const interval = `${options.scrapeIntervalS ?? 1}s`;
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      `  scrape_interval: ${interval}`,
      `  scrape_timeout: ${interval}`,
      `  evaluation_interval: ${interval}`,
      `rule_files: ${JSON.stringify(options.ruleFiles ?? [])}`,
      'scrape_configs:',
      ...Object.entries({ salvo: options.targets, ...options.jobs })
        .filter(([, targets]) => targets.length > 0)
        .flatMap(([job, targets]) => [
          `  - job_name: ${JSON.stringify(job)}`,
          `    static_configs: [{ targets: ${JSON.stringify(targets)} }]`,
        ]),
      '',
    ].join('\n'),
  );
  const targetCount = options.targets.length + Object.values(options.jobs ?? {}).flat().length;
  let lastError = '';
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt += 1) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const args = [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, `data${attempt}`)}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...(options.flags ?? []),
    ];
    const child = spawn('prometheus', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const started = await Promise.race([waitUntilReady(child, url), spawnError]);
    if (started instanceof Error) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`cannot start prometheus (${started.message}); ${INSTALL_HINT}`);
    }
    if (started) {
      return {
        url,
        query: (expression) => instantQuery(url, expression),
        scraped: (timeoutMs = 15_000) => scraped(url, targetCount, timeoutMs),
        stop: async () => {
          await stopChild(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    lastError = stderr.trim().split('\n').pop() ?? 'no output';
    await stopChild(child);
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`prometheus did not start after ${START_ATTEMPTS} attempts: ${lastError}`);
}
