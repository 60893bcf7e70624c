import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild, waitUntilReady } from './ready-process.ts';
import { freePort } from './redis.ts';

/**
 * Debian's Alertmanager (`prometheus-alertmanager`) for tests: started on a free loopback
 * port with a given configuration, no cluster peer, its data in a temporary folder removed
 * on stop. scripts/setup.sh installs the package when it is missing and it runs as root.
 */

const BINARY = 'prometheus-alertmanager';
const START_ATTEMPTS = 3;

/** One alert as Alertmanager's API v2 takes it. */
export interface PostedAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One alert as the API v2 lists it: its labels and whether it is active, suppressed or unprocessed. */
export interface ListedAlert {
  readonly labels: Record<string, string>;
  readonly status: { state: string; inhibitedBy: string[]; silencedBy: string[] };
}

export interface RunningAlertmanager {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** POST /api/v2/alerts: fires the alerts now (they stay firing for Alertmanager's resolve_timeout). */
  fire(alerts: readonly PostedAlert[]): Promise<void>;
  /** GET /api/v2/alerts: every alert it holds, with its state. */
  alerts(): Promise<ListedAlert[]>;
  stop(): Promise<void>;
}

async function fire(url: string, alerts: readonly PostedAlert[]): Promise<void> {
  const response = await fetch(`${url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts.map((alert) => ({ annotations: {}, ...alert }))),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST /api/v2/alerts: ${response.status} ${text}`);
}

async function listAlerts(url: string): Promise<ListedAlert[]> {
  const response = await fetch(`${url}/api/v2/alerts`);
  if (!response.ok) throw new Error(`GET /api/v2/alerts: ${response.status} ${await response.text()}`);
  return (await response.json()) as ListedAlert[];
}

/**
 * Starts Alertmanager with `config` (YAML text) on a free loopback port and waits until it
 * is ready; clustering is off (`--cluster.listen-address=`), so it opens no other port.
 *
 * @example
 * const alertmanager = await startAlertmanager(configText);
 * try { await alertmanager.fire([{ labels: { alertname: 'X' } }]); } finally { await alertmanager.stop(); }
 */
export async function startAlertmanager(config: string): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'salvo-alertmanager-'));
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, config);
  let lastError = '';
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt += 1) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const args = [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, `data${attempt}`)}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ];
    const child = spawn(BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const started = await Promise.race([waitUntilReady(child, url), spawnError]);
    if (started instanceof Error) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        `cannot start ${BINARY} (${started.message}); install it: apt-get install -y prometheus-alertmanager`,
      );
    }
    if (started) {
      return {
        url,
        fire: (alerts) => fire(url, alerts),
        alerts: () => listAlerts(url),
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
  throw new Error(`${BINARY} did not start after ${START_ATTEMPTS} attempts: ${lastError}`);
}
