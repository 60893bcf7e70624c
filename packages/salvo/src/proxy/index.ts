import { type ControlServer, faultState, listenControl } from './control-server.ts';
import { normalizeFaults } from './normalize-faults.ts';
import { type FaultProxy, listenProxy } from './proxy-server.ts';

export { parseFaultFlag } from './fault-flag.ts';
export type { FaultInput } from './fault-types.ts';
export { normalizeFaults } from './normalize-faults.ts';

export interface StartProxyOptions {
  /** The service, `http://host:port`. */
  readonly target: URL;
  /** Faults as users write them (checked here: SALVO_ERR_FAULT). */
  readonly faults: unknown;
  /** Where the proxy listens (default 127.0.0.1 and a free port). */
  readonly host?: string;
  readonly port?: number;
  /** The control port on 127.0.0.1 (0: a free one; undefined: none). */
  readonly controlPort?: number;
  /** Epoch ms the faults' `from` and `to` count from (default: now). */
  readonly startMs?: number;
}

export interface RunningProxy {
  readonly proxy: FaultProxy;
  /** The control port, when asked for. */
  readonly controlPort: number | undefined;
  /** What GET /faults answers. */
  state(): ReturnType<typeof faultState>;
  close(): Promise<void>;
}

/**
 * Starts the fault-injection proxy in front of `target`, with its control port
 * (docs/proxy.md).
 *
 * @example
 * const running = await startFaultProxy({
 *   target: new URL('http://127.0.0.1:3000'),
 *   faults: [{ kind: 'latency', delay: '200ms', jitter: '50ms', share: '30%' }],
 *   controlPort: 0,
 * });
 * // ... send requests to running.proxy.port ...
 * await running.close();
 */
export async function startFaultProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const faults = normalizeFaults(options.faults, 'faults');
  const proxy = await listenProxy({ ...options, faults });
  let control: ControlServer | undefined;
  try {
    control = options.controlPort === undefined ? undefined : await listenControl(proxy, options.controlPort);
  } catch (error) {
    await proxy.close();
    throw error;
  }
  return {
    proxy,
    controlPort: control?.port,
    state: () => faultState(proxy),
    close: async () => {
      await control?.close();
      await proxy.close();
    },
  };
}
