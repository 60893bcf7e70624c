import { sendAsPromise } from '../transport-promise.ts';
import type { ResultSink, Transport, TransportOptions, TransportRequest, TransportResult } from '../types.ts';

/**
 * The undici transport, loaded on the first request that needs it: a run carried by the
 * lean transport never loads undici (about 30 MB of resident memory per process).
 */
export function createUndiciTransport(options: TransportOptions): Transport {
  return new LazyUndiciTransport(options);
}

/**
 * A class rather than an object of closures: every VU has one, and most never send through
 * it (five closures and their context were about 0.3 KiB a VU).
 */
class LazyUndiciTransport implements Transport {
  readonly name = 'undici' as const;
  private readonly options: TransportOptions;
  private loading: Promise<Transport> | undefined;

  constructor(options: TransportOptions) {
    this.options = options;
  }

  private load(): Promise<Transport> {
    const options = this.options;
    this.loading ??= import('./transport.ts').then((module) => module.createUndiciTransport(options));
    return this.loading;
  }

  send(req: TransportRequest, sink: ResultSink): void {
    this.load().then(
      (transport) => transport.send(req, sink),
      (error: unknown) => sink.fail(error),
    );
  }

  request(req: TransportRequest): Promise<TransportResult> {
    return sendAsPromise(this, req);
  }

  async interrupt(): Promise<void> {
    if (this.loading) await (await this.loading).interrupt();
  }

  async close(): Promise<void> {
    if (this.loading) await (await this.loading).close();
  }
}
