import type { GeneratorLoad } from './model.ts';

/** Each figure at its highest across the loads (the busiest runner, figure by figure). */
export function worstLoad(loads: Iterable<GeneratorLoad>): GeneratorLoad | undefined {
  let worst: GeneratorLoad | undefined;
  for (const load of loads) {
    worst = worst
      ? {
          eventLoopDelayP99Ms: Math.max(worst.eventLoopDelayP99Ms, load.eventLoopDelayP99Ms),
          eventLoopDelayMaxMs: Math.max(worst.eventLoopDelayMaxMs, load.eventLoopDelayMaxMs),
          elu: Math.max(worst.elu, load.elu),
          cpu: Math.max(worst.cpu, load.cpu),
          ...(worst.cpuWait === undefined && load.cpuWait === undefined
            ? {}
            : { cpuWait: Math.max(worst.cpuWait ?? 0, load.cpuWait ?? 0) }),
        }
      : load;
  }
  return worst;
}
