import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';

export interface BlackholeServer {
  /** Connecting here hangs: the SYN is never answered. */
  readonly url: string;
  close(): Promise<void>;
}

/** Runs in a worker: listens with a backlog of 1, then blocks its event loop so it never accepts. */
const LISTENER = `
const { parentPort, workerData } = require('node:worker_threads');
const server = require('node:net').createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  Atomics.wait(workerData, 0, 0);
  server.close();
});`;

/** Enough handshakes to fill a backlog of 1 (Linux queues backlog + 1). */
const FILLERS = 4;

/**
 * A loopback listener whose accept queue is full, so a new connection's SYN is dropped and
 * connecting times out: how a connect timeout is tested without leaving loopback.
 */
export async function startBlackholeServer(): Promise<BlackholeServer> {
  const release = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(LISTENER, { eval: true, workerData: release });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const fillers: Socket[] = [];
  for (let i = 0; i < FILLERS; i++) fillers.push(connect(port, '127.0.0.1').on('error', () => {}));
  // Give the kernel time to queue the fillers' handshakes before anyone else connects.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of fillers) socket.destroy();
      Atomics.store(release, 0, 1);
      Atomics.notify(release, 0);
      await worker.terminate();
    },
  };
}
