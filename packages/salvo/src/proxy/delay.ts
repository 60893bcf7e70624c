import type { Fault } from './fault-types.ts';

/**
 * One delay drawn from a fault's distribution, never below 0: `fixed` is `delay`; `uniform`
 * is spread evenly over delay ± jitter; `normal` has mean `delay` and σ = jitter
 * (Box–Muller from two uniform draws; Toxiproxy's latency toxic uses the uniform form).
 */
export function drawDelayMs(fault: Pick<Fault, 'delayMs' | 'jitterMs' | 'distribution'>): number {
  const { delayMs, jitterMs } = fault;
  switch (fault.distribution) {
    case 'fixed':
      return delayMs;
    case 'uniform':
      return Math.max(0, delayMs + (Math.random() * 2 - 1) * jitterMs);
    case 'normal': {
      const u = 1 - Math.random(); // (0, 1]: log(0) is -Infinity
      const gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
      return Math.max(0, delayMs + gaussian * jitterMs);
    }
  }
}
