import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server that holds every response during the last `stallMs` of every `cycleMs`. */
export interface StallingServer {
  readonly url: string;
  /** How long a request arriving `atMs` after the first one is held: the rest of its stall. */
  heldMs(atMs: number): number;
  close(): Promise<void>;
}

export async function startStallingServer(cycleMs: number, stallMs: number): Promise<StallingServer> {
  const heldMs = (atMs: number): number => {
    const inCycle = atMs % cycleMs;
    return inCycle >= cycleMs - stallMs ? cycleMs - inCycle : 0;
  };
  let firstAt: number | undefined;
  const server: Server = createServer((_req, res) => {
    firstAt ??= performance.now();
    setTimeout(() => res.end('ok'), heldMs(performance.now() - firstAt));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    heldMs,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * What users of an open-model test at `rate`/s for `durationMs` would feel from that
 * server, sorted: each request waits out the stall it arrives in.
 */
export function trueResponseTimes(server: StallingServer, rate: number, durationMs: number): number[] {
  return Array.from({ length: (rate * durationMs) / 1000 }, (_, k) => server.heldMs((k * 1000) / rate)).sort(
    (a, b) => a - b,
  );
}

/** The nearest-rank percentile of sorted values. */
export function percentileOf(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
