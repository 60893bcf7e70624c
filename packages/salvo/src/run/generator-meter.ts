import { readFileSync } from 'node:fs';
import { type ELDHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { GeneratorLoad } from '../metrics/types.ts';

/** How often the delay monitor's timer fires (ms); every sample includes this much. */
const RESOLUTION_MS = 10;
const NS_PER_MS = 1e6;
const SCHEDSTAT = '/proc/thread-self/schedstat';

/**
 * Nanoseconds the calling thread has waited on a run queue, ready to run but given no
 * CPU (Linux: the second field of schedstat); undefined where the kernel does not say.
 */
function runQueueWaitNs(): number | undefined {
  try {
    const wait = Number(readFileSync(SCHEDSTAT, 'latin1').split(' ')[1]);
    return Number.isFinite(wait) ? wait : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Measures the thread it runs on, between two `read()`s: event-loop delay (a timer every
 * 10 ms, how late it fired), event-loop utilisation, and CPU. In a worker thread each of
 * these is the worker's own: `performance.eventLoopUtilization()` reads the calling
 * thread's loop and `process.threadCpuUsage()` (Node 23.9+) the calling thread's CPU,
 * where `process.cpuUsage()` would add up every thread of the process. On Linux also the
 * time the thread waited for a CPU: pinned to a core a busy process shares, a runner ran
 * 17 to 24 % of each second and waited 42 to 59 %, with its event loop at most 59 % busy.
 */
export class GeneratorMeter {
  readonly #delay: ELDHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  #elu = performance.eventLoopUtilization();
  #cpu = process.threadCpuUsage();
  #waitNs = runQueueWaitNs();
  #at = performance.now();

  constructor() {
    this.#delay.enable();
  }

  /** The load since the last read (or since the meter was made), and starts over. */
  read(): GeneratorLoad {
    const now = performance.now();
    const elu = performance.eventLoopUtilization();
    const cpu = process.threadCpuUsage();
    const waitNs = this.#waitNs === undefined ? undefined : runQueueWaitNs();
    const wallUs = Math.max(1, (now - this.#at) * 1000);
    const cpuUs = cpu.user - this.#cpu.user + (cpu.system - this.#cpu.system);
    const delay = this.#delay;
    // with no sample (the loop blocked all along) the histogram holds nothing to report
    const late = (ns: number) => (delay.count === 0 ? 0 : Math.max(0, ns / NS_PER_MS - RESOLUTION_MS));
    const load: GeneratorLoad = {
      eventLoopDelayP99Ms: late(delay.percentile(99)),
      eventLoopDelayMaxMs: late(delay.max),
      elu: performance.eventLoopUtilization(elu, this.#elu).utilization,
      cpu: cpuUs / wallUs,
      ...(waitNs === undefined ? {} : { cpuWait: (waitNs - this.#waitNs!) / 1000 / wallUs }),
    };
    // A reset also forgets when the monitor's timer last fired, so the gap up to its next
    // tick (10 ms at most, unless the loop blocks right then) is not measured: one sample
    // of a hundred.
    delay.reset();
    this.#elu = elu;
    this.#cpu = cpu;
    this.#waitNs = waitNs;
    this.#at = now;
    return load;
  }

  stop(): void {
    this.#delay.disable();
  }
}
