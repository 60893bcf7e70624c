import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/salvo.js', import.meta.url));

/** `salvo proxy` in a process of its own, as users start it. */
export interface ProxyProcess {
  /** `http://127.0.0.1:PORT`: where the load goes. */
  readonly url: string;
  /** `http://127.0.0.1:PORT`: its control port. */
  readonly control: string;
  /** Ctrl-C; resolves with its exit code and what it printed. */
  stop(): Promise<{ code: number | null; stdout: string }>;
}

/** Starts `salvo proxy --listen 127.0.0.1:0 --target <target> ...args` and waits for its first line. */
export async function startProxyProcess(target: string, args: readonly string[]): Promise<ProxyProcess> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    [BIN, 'proxy', '--listen', '127.0.0.1:0', '--target', target, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const startedMs = Date.now();
  let match: RegExpExecArray | null = null;
  while (match === null && child.exitCode === null && Date.now() - startedMs < 30_000) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    match = /salvo proxy: 127\.0\.0\.1:(\d+) -> .*control: (http:\/\/127\.0\.0\.1:\d+)\/faults/.exec(stdout);
  }
  if (match === null) {
    child.kill();
    throw new Error(`salvo proxy did not start: ${stdout}${stderr}`);
  }
  return {
    url: `http://127.0.0.1:${match[1]}`,
    control: match[2] as string,
    stop: async () => {
      child.kill('SIGINT');
      return { code: await exited, stdout };
    },
  };
}
