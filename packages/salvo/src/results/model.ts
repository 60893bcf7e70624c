/**
 * The words a series is described in, shared by the recorder, the aggregator and every
 * reader of a run: a metric's type and unit, a tag set, a runner's own load.
 */

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
/** `time`: trend values recorded in integer microseconds, reported in milliseconds. */
export type MetricContains = 'time' | 'data' | 'default';

export type Tags = Readonly<Record<string, string>>;

/**
 * How hard one runner's own thread worked in one interval: plain data beside the metrics,
 * measured once an interval (run/generator-meter.ts), never per request.
 */
export interface GeneratorLoad {
  /** How late the event loop ran a timer, ms: the interval's 99th percentile and maximum. */
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  /** Event-loop utilisation, 0..1: the share of the interval the loop was not idle. */
  readonly elu: number;
  /** CPU time of the runner's thread per wall second: 1 is one core fully busy. */
  readonly cpu: number;
  /**
   * The share of the interval the thread was ready to run but waited for a CPU (Linux;
   * absent elsewhere): high when the machine's cores are busy with other work.
   */
  readonly cpuWait?: number;
}
