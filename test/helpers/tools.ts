import { spawn } from 'node:child_process';

/** What a command-line tool printed and how it exited. */
export interface ToolResult {
  readonly code: number | null;
  readonly output: string;
}

/** Runs `command args` to its end (stdout and stderr together), killed after `timeoutMs`. */
export function runTool(command: string, args: readonly string[], timeoutMs = 30_000): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', (error) => reject(new Error(`cannot run ${command}: ${error.message}`)));
    child.on('close', (code) => resolve({ code, output: output.trim() }));
  });
}
