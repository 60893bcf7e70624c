import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The `salvo` command as users run it: a child process of bin/salvo.js with the Node
 * options of its shebang, its output collected.
 */

const BIN = fileURLToPath(new URL('../../../bin/salvo.js', import.meta.url));
/** The Node options of the bin's shebang (`… node --max-semi-space-size=2 … --`): run as a shell would. */
const NODE_OPTIONS = readFileSync(BIN, 'utf8').split('\n')[0]!.split(/\s+/).slice(3);

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SalvoProcessOptions {
  /** Checked every 50 ms; true sends SIGINT (Ctrl-C). */
  readonly interruptWhen?: (output: { stdout: string; stderr: string }) => boolean;
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** The working directory (default this process's). */
  readonly cwd?: string;
}

export function salvo(args: readonly string[], options: SalvoProcessOptions = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...NODE_OPTIONS, BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const { interruptWhen } = options;
    const timer = interruptWhen
      ? setInterval(() => {
          if (!interruptWhen({ stdout, stderr })) return;
          clearInterval(timer);
          child.kill('SIGINT');
        }, 50)
      : undefined;
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** One line per problem on stderr, each with its SALVO_ERR_* code, no stack trace, exit code 1. */
export function assertUsageError(ran: Ran, ...patterns: RegExp[]): void {
  assert.equal(ran.code, 1, ran.stderr);
  const lines = ran.stderr.trim().split('\n');
  assert.equal(lines.length, patterns.length, ran.stderr);
  patterns.forEach((pattern, index) => {
    assert.match(lines[index]!, /^salvo: .* \[SALVO_ERR_[A-Z_]+\]$/);
    assert.match(lines[index]!, pattern);
  });
}

/** The results document a run wrote with `-o json=...`. */
// biome-ignore lint/suspicious/noExplicitAny: a parsed document, read loosely by assertions
export function readResults(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'));
}
