import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TEMPLATE_PATH = new URL('../nginx/nginx.conf.template', import.meta.url);
const STATIC_BODY_BYTES = 1024;

/** Fills `{{name}}` fields; a field without a value is an error, not an empty string. */
export function renderTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`nginx template: no value for {{${name}}}`);
    return String(value);
  });
}

/** A free TCP port on 127.0.0.1 (bound and released; nginx binds it right after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('cannot find a free port');
  return address.port;
}

async function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface NginxOptions {
  core: number;
  workerConnections: number;
  nofile: number;
  /** Another template (the HTTP/2 one), with the values of its own fields; `port` is still free-picked. */
  template?: URL;
  values?: Record<string, string | number>;
}

export interface NginxServer {
  origin: string;
  pid: number;
  /** Stops nginx by its PID and removes its temporary directory. Safe to call twice. */
  stop(): Promise<void>;
}

async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts nginx (master + one worker, pinned to `core`) from the template in a fresh temp dir. */
export async function startNginx(options: NginxOptions): Promise<NginxServer> {
  const dir = mkdtempSync(join(tmpdir(), 'salvo-bench-nginx-'));
  chmodSync(dir, 0o755); // the worker runs as nobody and serves www/ from here
  mkdirSync(join(dir, 'www', 'static'), { recursive: true });
  writeFileSync(join(dir, 'www', 'static', '1k.txt'), 'x'.repeat(STATIC_BODY_BYTES));
  const port = await freePort();
  const config = renderTemplate(readFileSync(options.template ?? TEMPLATE_PATH, 'utf8'), {
    ...options.values,
    dir,
    port,
    workerConnections: options.workerConnections,
    rlimitNofile: options.nofile,
  });
  writeFileSync(join(dir, 'nginx.conf'), config);
  const args = ['-c', String(options.core), 'prlimit', `--nofile=${options.nofile}:${options.nofile}`, '--'];
  const child = spawn('taskset', [...args, 'nginx', '-p', dir, '-c', join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      if (!(await waitForExit(child, 5000))) process.kill(child.pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    if (child.exitCode !== null) break;
    if (await acceptsConnections(port)) {
      return { origin: `http://127.0.0.1:${port}`, pid: child.pid ?? 0, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`nginx did not start: ${stderr.trim().split('\n').at(-1) ?? 'no output'}`);
}
