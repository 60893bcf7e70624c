import { readFileSync } from 'node:fs';

/** Pure parsers for /proc files and GNU time's output, plus a sampler of a process tree. */

export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime in clock ticks. */
  cpuTicks: number;
}

/** Parses /proc/<pid>/stat. The command name may hold spaces and parentheses, so split after the last ')'. */
export function parseProcStat(text: string): ProcStat {
  const close = text.lastIndexOf(')');
  const pid = Number.parseInt(text, 10);
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state) of proc(5); utime and stime are fields 14 and 15.
  const ppid = Number(fields[1]);
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  if (close < 0 || !Number.isFinite(pid) || !Number.isFinite(ppid) || !Number.isFinite(cpuTicks)) {
    throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  }
  return { pid, ppid, cpuTicks };
}

/** VmHWM (peak resident set size) from /proc/<pid>/status, in bytes; null for kernel threads or zombies. */
export function parseVmHwmBytes(statusText: string): number | null {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(statusText);
  return match?.[1] === undefined ? null : Number(match[1]) * 1024;
}

/**
 * RssFile from /proc/<pid>/status, in bytes: the resident pages of mapped files (the
 * binary, its libraries), which the kernel, not the program, decides how many to map.
 */
export function parseRssFileBytes(statusText: string): number | null {
  const match = /^RssFile:\s+(\d+) kB$/m.exec(statusText);
  return match?.[1] === undefined ? null : Number(match[1]) * 1024;
}

export interface TimeReport {
  wallSeconds: number;
  cpuSeconds: number;
  maxRssBytes: number;
}

/** Parses the last line of `/usr/bin/time -f '%e %U %S %M'` (GNU time puts a status line before it on failure). */
export function parseTimeOutput(text: string): TimeReport {
  const last = text.trim().split('\n').at(-1) ?? '';
  const [wall, user, system, maxRssKb] = last.trim().split(/\s+/).map(Number);
  if ([wall, user, system, maxRssKb].some((n) => n === undefined || !Number.isFinite(n))) {
    throw new Error(`unexpected /usr/bin/time output: ${last}`);
  }
  // Rounded to GNU time's own 0.01 s resolution (the sum of two floats is not).
  return {
    wallSeconds: wall!,
    cpuSeconds: Math.round((user! + system!) * 100) / 100,
    maxRssBytes: maxRssKb! * 1024,
  };
}

/** The hard RLIMIT_NOFILE of this process from /proc/self/limits (Node has no API for it). */
export function hardNofileLimit(limitsText = readFileSync('/proc/self/limits', 'utf8')): number {
  const match = /^Max open files\s+\S+\s+(\S+)/m.exec(limitsText);
  const hard = match?.[1];
  if (hard === 'unlimited') return 1_048_576;
  return hard === undefined ? 1024 : Number(hard);
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process ended between listing and reading
  }
}

function childPids(pid: number): number[] {
  const tasks = readOrNull(`/proc/${pid}/task/${pid}/children`);
  return tasks === null ? [] : tasks.trim().split(/\s+/).filter(Boolean).map(Number);
}

/**
 * Samples a process tree: each process's last seen CPU ticks and VmHWM, and its largest
 * RssFile seen. Processes that
 * end between samples keep their last values, so the totals are lower bounds.
 */
export class TreeSampler {
  readonly #rootPid: number;
  readonly #includeRoot: boolean;
  readonly #seen = new Map<number, { cpuTicks: number; hwmBytes: number; fileBytes: number }>();

  constructor(rootPid: number, includeRoot: boolean) {
    this.#rootPid = rootPid;
    this.#includeRoot = includeRoot;
  }

  sample(): void {
    const queue = this.#includeRoot ? [this.#rootPid] : childPids(this.#rootPid);
    for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
      const stat = readOrNull(`/proc/${pid}/stat`);
      const status = readOrNull(`/proc/${pid}/status`);
      if (stat === null || status === null) continue;
      const previous = this.#seen.get(pid);
      const hwmBytes = parseVmHwmBytes(status) ?? previous?.hwmBytes ?? 0;
      const fileBytes = Math.max(parseRssFileBytes(status) ?? 0, previous?.fileBytes ?? 0);
      this.#seen.set(pid, { cpuTicks: parseProcStat(stat).cpuTicks, hwmBytes, fileBytes });
      queue.push(...childPids(pid));
    }
  }

  /** Pids seen so far (to stop a tree by PID). */
  pids(): number[] {
    return [...this.#seen.keys()];
  }

  totals(clockTicksPerSecond: number): {
    cpuSeconds: number;
    peakRssBytes: number;
    peakFileRssBytes: number;
  } {
    let ticks = 0;
    let peakRssBytes = 0;
    let peakFileRssBytes = 0;
    for (const entry of this.#seen.values()) {
      ticks += entry.cpuTicks;
      peakRssBytes += entry.hwmBytes;
      peakFileRssBytes += entry.fileBytes;
    }
    return { cpuSeconds: ticks / clockTicksPerSecond, peakRssBytes, peakFileRssBytes };
  }
}
