import { compress } from 'snappyjs';
import { SALVO_VERSION } from '../../version.ts';
import { PushError, type PushTarget } from '../push/pusher.ts';
import { encodeWriteRequest } from './prompb.ts';
import { runTimeSeries } from './series.ts';

/**
 * `--out prometheus-rw=URL` (k6 calls its own `experimental-prometheus-rw`): the run pushed
 * to a Prometheus remote-write endpoint (Prometheus with
 * `--web.enable-remote-write-receiver`, Mimir, Thanos, VictoriaMetrics …) every few seconds
 * and at the end, for runs no Prometheus scrapes (short-lived CI jobs, runners behind NAT).
 * Protocol 1.0: a protobuf WriteRequest (protobufjs), snappy block-compressed (snappyjs);
 * both pure JavaScript, well kept, no native addon (the `snappy` package is a native one).
 */

const HEADERS = {
  'content-type': 'application/x-protobuf',
  'content-encoding': 'snappy',
  'x-prometheus-remote-write-version': '0.1.0',
  'user-agent': `salvo/${SALVO_VERSION}`,
};

/** The target: one WriteRequest of the run's every series at the time of the push. */
export function remoteWriteTarget(url: string): PushTarget {
  return {
    kind: 'prometheus-rw',
    url,
    async send(run, meta, timeoutMs) {
      const { timeseries, metadata } = runTimeSeries(run, meta, Date.now());
      const body = compress(encodeWriteRequest(timeseries, metadata));
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: HEADERS,
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new PushError(networkReason(error as Error), true);
      }
      const text = await response.text();
      if (response.ok) return;
      // the protocol: retry 5xx and 429, never other 4xx (the same data would fail again)
      const retryable = response.status >= 500 || response.status === 429;
      throw new PushError(
        `HTTP ${response.status}${text ? `: ${text.trim().slice(0, 200)}` : ''}`,
        retryable,
      );
    },
  };
}

/**
 * Why fetch failed, in a word when there is one: its own message is only "fetch failed", the
 * reason is its cause's (a system code such as ECONNREFUSED, or a message such as "bad port").
 */
function networkReason(error: Error): string {
  const cause = error.cause as { code?: string; message?: string } | undefined;
  if (cause?.code !== undefined) return cause.code;
  return cause?.message ? `${error.message}: ${cause.message}` : error.message;
}
