import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A service whose latency is known by construction: each answer waits `delayMs(elapsedMs)`
 * (elapsed since the server's first request), so a test can make one copy 30 % slower
 * than another, or step its latency at a known second. Counts the requests it answered.
 */
export interface DelayServer {
  readonly url: string;
  requests(): number;
  close(): Promise<void>;
}

export async function startDelayServer(
  delayMs: number | ((elapsedMs: number) => number),
): Promise<DelayServer> {
  const delay = typeof delayMs === 'number' ? () => delayMs : delayMs;
  let firstAt: number | undefined;
  let count = 0;
  const server = createServer((req, res) => {
    firstAt ??= performance.now();
    count++;
    req.resume();
    setTimeout(() => res.end('ok'), delay(performance.now() - firstAt));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
