import type { ResultSink, Transport, TransportRequest, TransportResult } from './types.ts';

/** `transport.send` as a promise, where one more promise costs nothing (retries, tests). */
export function sendAsPromise(
  transport: Pick<Transport, 'send'>,
  req: TransportRequest,
): Promise<TransportResult> {
  return new Promise((resolve, reject) => {
    const sink: ResultSink = { settle: resolve, fail: reject };
    transport.send(req, sink);
  });
}
