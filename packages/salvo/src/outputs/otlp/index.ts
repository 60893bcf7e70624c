import { lazyTarget } from '../push/lazy-target.ts';
import { type PushOptions, type PushOutput, pushOutput } from '../push/pusher.ts';
import { pushUrl } from '../push/url.ts';

/**
 * The output for `--out otlp=URL` (k6 calls its own `opentelemetry`): the run pushed as
 * OTLP/HTTP metrics by the OpenTelemetry SDK (./target.ts, loaded at the first push).
 * Throws SalvoError('SALVO_ERR_USAGE') for a URL that is not http(s), before the run starts.
 * Retries are the OTLP exporter's own (429, 502, 503, 504, with backoff), so one try a push here.
 *
 * @example
 * otlpOutput('http://127.0.0.1:4318/v1/metrics');
 */
export function otlpOutput(url: string, options: PushOptions = {}): PushOutput {
  const checked = pushUrl('otlp', url);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const target = lazyTarget('otlp', checked, async () =>
    (await import('./target.ts')).otlpTarget(checked, timeoutMs),
  );
  return pushOutput(target, { ...options, attempts: 1 });
}
