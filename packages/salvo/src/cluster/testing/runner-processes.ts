import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/salvo.js', import.meta.url));
const NODE_OPTIONS = readFileSync(BIN, 'utf8').split('\n')[0]!.split(/\s+/).slice(3);

/** `salvo runner` processes as users start them, their stderr kept for assertions. */
export interface RunnerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  stderr: string;
  /** Resolves once the runner said it waits for tests. */
  readonly waiting: Promise<void>;
  kill(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export function startRunner(url: string, name: string, capacity: number): RunnerProcess {
  const child = spawn(
    process.execPath,
    [...NODE_OPTIONS, BIN, 'runner', '--redis', url, '--name', name, '--capacity', String(capacity)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const runner: RunnerProcess = {
    name,
    child,
    stderr: '',
    waiting: new Promise((resolve, reject) => {
      child.stderr!.on('data', (chunk) => {
        runner.stderr += chunk;
        if (runner.stderr.includes('waiting for tests')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`runner ${name} exited (${code}): ${runner.stderr}`)));
    }),
    kill: async (signal) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    },
  };
  runner.waiting.catch(() => {});
  return runner;
}
