import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTimeOutput, TreeSampler } from './proc-tree.ts';
import type { ProcessUsage } from './types.ts';

const GNU_TIME = '/usr/bin/time';
const SAMPLE_INTERVAL_MS = 100;

export interface MeasuredCommand {
  command: string;
  args: string[];
  /** The CPU core the command is pinned to (taskset -c). */
  core: number;
  /** RLIMIT_NOFILE (soft and hard) to run it with, via prlimit. */
  nofile: number;
  /** Killed (whole tree, by PID) when it runs longer. */
  timeoutMs: number;
  cwd?: string;
  /** Added to the bench's own environment. */
  env?: Record<string, string>;
}

export interface MeasuredResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
  usage: ProcessUsage;
}

let clockTicks: number | undefined;
function clockTicksPerSecond(): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return clockTicks;
}

/** The trees of generators now running, so a Ctrl-C handler can stop them by PID. */
const running = new Set<TreeSampler>();

export function killRunningTrees(): void {
  for (const sampler of running) killTree(sampler);
}

function killTree(sampler: TreeSampler): void {
  for (const pid of sampler.pids()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Runs a generator pinned to one core under prlimit and GNU time, sampling its process
 * tree from /proc. CPU comes from GNU time when it is installed (it includes every reaped
 * descendant exactly), else from the samples; peak RSS is the sum of each process's VmHWM.
 */
export async function runMeasured(spec: MeasuredCommand): Promise<MeasuredResult> {
  const useTime = existsSync(GNU_TIME);
  const timeFile = join(tmpdir(), `salvo-bench-time-${process.pid}-${Date.now()}.txt`);
  const timePrefix = useTime ? [GNU_TIME, '-f', '%e %U %S %M', '-o', timeFile] : [];
  const args = [
    '-c',
    String(spec.core),
    'prlimit',
    `--nofile=${spec.nofile}:${spec.nofile}`,
    '--',
    ...timePrefix,
    spec.command,
    ...spec.args,
  ];
  const startedMs = performance.now();
  const child = spawn('taskset', args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`cannot start ${spec.command}`);
  // With GNU time the spawned process is time itself: measure only what it runs.
  const sampler = new TreeSampler(child.pid, !useTime);
  running.add(sampler);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const sampleTimer = setInterval(() => sampler.sample(), SAMPLE_INTERVAL_MS);
  let timedOut = false;
  const killTimer = setTimeout(() => {
    timedOut = true;
    killTree(sampler);
    child.kill('SIGKILL');
  }, spec.timeoutMs);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  }).finally(() => {
    clearInterval(sampleTimer);
    clearTimeout(killTimer);
    running.delete(sampler);
  });
  const wallSeconds = (performance.now() - startedMs) / 1000;
  const sampled = sampler.totals(clockTicksPerSecond());
  let usage: ProcessUsage = { wallSeconds, ...sampled, cpuSource: 'proc' };
  const timeText = useTime && existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : '';
  rmSync(timeFile, { force: true });
  // A killed GNU time writes nothing: keep the samples then.
  if (!timedOut && timeText.trim() !== '') {
    const timed = parseTimeOutput(timeText);
    usage = {
      wallSeconds: timed.wallSeconds,
      cpuSeconds: timed.cpuSeconds,
      // GNU time's max RSS is the largest single process; the sampled sum covers trees.
      peakRssBytes: Math.max(sampled.peakRssBytes, timed.maxRssBytes),
      peakFileRssBytes: sampled.peakFileRssBytes,
      cpuSource: 'time',
    };
  }
  return {
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
    exitCode,
    timedOut,
    usage,
  };
}
