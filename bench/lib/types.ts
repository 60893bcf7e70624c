/** What a generator's own output says about a run (each tool reports it its own way). */
export interface ToolReport {
  /** Completed requests; null when the tool prints only a rate. */
  requests: number | null;
  /** The tool's own headline requests per second. */
  reqPerSec: number;
  /** Median latency in ms as the tool reports it; null when it reports none. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Failed requests (errors, timeouts, non-2xx) when the tool counts them. */
  errors: number;
  /** Anything a reader should know about how the figures were obtained. */
  note?: string;
}

/** Resource use of a generator's process tree, measured from outside. */
export interface ProcessUsage {
  wallSeconds: number;
  /** User + system CPU of the whole tree. */
  cpuSeconds: number;
  /** Sum of each process's VmHWM (peak RSS) in the tree, in bytes. */
  peakRssBytes: number;
  /**
   * Of it, the pages of mapped files (the binary and its libraries): the largest RssFile
   * sampled, summed over the tree. How many the kernel maps differs between machines
   * (docs/http.md, "Where Node's binary lives moves the figure").
   */
  peakFileRssBytes?: number;
  /** How cpuSeconds was obtained: /usr/bin/time (exact) or /proc sampling. */
  cpuSource: 'time' | 'proc';
}

export interface BenchTarget {
  /** http://127.0.0.1:PORT (no trailing slash). */
  origin: string;
  /** The path every generator requests. */
  path: string;
}

export interface RunSettings {
  durationS: number;
  connections: number;
}

/** One row of the result: a generator's report plus what it cost. */
export interface BenchRow {
  tool: string;
  status: 'ok' | 'skipped' | 'failed';
  /** Why it was skipped or failed. */
  reason?: string;
  report?: ToolReport;
  usage?: ProcessUsage;
  /** Requests per CPU-second of the generator (total requests / CPU seconds). */
  reqPerCpuSecond?: number;
}

/** A row's ratios to autocannon's (ac) and wrk's rows: each the median of the per-round ratios. */
export interface RowRatios {
  reqPerSecAc: number | null;
  reqPerCpuSecondAc: number | null;
  reqPerSecWrk: number | null;
  reqPerCpuSecondWrk: number | null;
}

/**
 * A generator's row of the table, over every round it ran in: medians of req/s, req/CPU-s,
 * requests, CPU s and the percentiles, the largest peak RSS, the errors of all rounds
 * together. `reason` is the first failure's when some rounds failed.
 */
export interface TableRow extends BenchRow {
  rounds: { run: number; ok: number };
  ratios: RowRatios;
}
