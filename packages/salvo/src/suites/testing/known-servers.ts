import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** Servers whose performance is known by construction (known-server-worker.ts says how). */
export type KnownServerSpec =
  | { readonly kind: 'usl'; readonly serviceMs: number; readonly sigma: number; readonly kappa: number }
  | { readonly kind: 'slots'; readonly slots: number; readonly serviceMs: number }
  | { readonly kind: 'cache'; readonly coldMs: number; readonly warmMs: number }
  | { readonly kind: 'rate'; readonly limitRps: number; readonly fastMs: number; readonly slowMs: number };

export interface KnownServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts one in a worker thread on a free loopback port. */
export async function startKnownServer(spec: KnownServerSpec): Promise<KnownServer> {
  const worker = new Worker(new URL('./known-server-worker.ts', import.meta.url), { workerData: spec });
  const [port] = (await once(worker, 'message')) as [number];
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      worker.postMessage('close');
      await once(worker, 'exit');
    },
  };
}
