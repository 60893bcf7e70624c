import type { ResultSink, Transport, TransportRequest, TransportResult } from './types.ts';

/**
 * `transport.send` as a promise, where one more promise costs nothing (retries, tests);
 * `attempts` hears of the attempts the transport resends by itself.
 */
export function sendAsPromise(
  transport: Pick<Transport, 'send'>,
  req: TransportRequest,
  attempts?: Pick<ResultSink, 'resent'>,
): Promise<TransportResult> {
  return new Promise((resolve, reject) => {
    const sink: ResultSink = { settle: resolve, fail: reject };
    if (attempts?.resent !== undefined) sink.resent = (failed) => attempts.resent?.(failed);
    transport.send(req, sink);
  });
}
