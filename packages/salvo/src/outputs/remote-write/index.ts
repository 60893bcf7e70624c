import { lazyTarget } from '../push/lazy-target.ts';
import { type PushOptions, type PushOutput, pushOutput } from '../push/pusher.ts';
import { pushUrl } from '../push/url.ts';

/**
 * The output for `--out prometheus-rw=URL` (k6 calls its own `experimental-prometheus-rw`):
 * the run pushed by Prometheus remote write (./target.ts, loaded at the first push).
 * Throws SalvoError('SALVO_ERR_USAGE') for a URL that is not http(s), before the run starts.
 *
 * @example
 * prometheusRemoteWriteOutput('http://127.0.0.1:9090/api/v1/write');
 */
export function prometheusRemoteWriteOutput(url: string, options: PushOptions = {}): PushOutput {
  const checked = pushUrl('prometheus-rw', url);
  const target = lazyTarget('prometheus-rw', checked, async () =>
    (await import('./target.ts')).remoteWriteTarget(checked),
  );
  return pushOutput(target, options);
}
