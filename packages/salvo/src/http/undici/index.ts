import { sendAsPromise } from '../transport-promise.ts';
import type { Transport, TransportOptions } from '../types.ts';

/**
 * The undici transport, loaded on the first request that needs it: a run carried by the
 * lean transport never loads undici (about 30 MB of resident memory per process).
 */
export function createUndiciTransport(options: TransportOptions): Transport {
  let loading: Promise<Transport> | undefined;
  const load = () =>
    (loading ??= import('./transport.ts').then((module) => module.createUndiciTransport(options)));
  const lazy: Transport = {
    name: 'undici',
    send: (req, sink) => {
      load().then(
        (transport) => transport.send(req, sink),
        (error: unknown) => sink.fail(error),
      );
    },
    request: (req) => sendAsPromise(lazy, req),
    interrupt: async () => {
      if (loading) await (await loading).interrupt();
    },
    close: async () => {
      if (loading) await (await loading).close();
    },
  };
  return lazy;
}
