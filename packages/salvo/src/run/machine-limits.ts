import type * as ChildProcess from 'node:child_process';
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';

/** What one machine gives a run: memory and open files. */
export interface MachineLimits {
  /** The V8 heap limit of one runner (a worker thread gets about the main thread's). */
  readonly heapBytesPerRunner: number;
  /** Memory the process may still take (cgroup limits included). */
  readonly availableBytes: number;
  /** The open-file limit (`ulimit -n`, as Node raised it at start); undefined if unknown. */
  readonly openFiles: number | undefined;
}

export function readMachineLimits(): MachineLimits {
  return {
    heapBytesPerRunner: getHeapStatistics().heap_size_limit,
    availableBytes: process.availableMemory(),
    openFiles: openFileLimit(),
  };
}

/** From /proc/self/limits on Linux, else the shell's `ulimit -n` (it inherits ours). */
function openFileLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (line) return parseLimit(line[1]!);
  } catch {
    // not Linux: ask the shell
  }
  // loaded here only: node:child_process costs every run about 0.7 MiB
  const { spawnSync } = process.getBuiltinModule('node:child_process') as typeof ChildProcess;
  const shell = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8', timeout: 2000 });
  return shell.status === 0 ? parseLimit(shell.stdout.trim()) : undefined;
}

function parseLimit(text: string): number | undefined {
  if (text === 'unlimited') return Number.POSITIVE_INFINITY;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
