import { ExportResultCode } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import type { RunData } from '../../results/index.ts';
import { PushError, type PushTarget } from '../push/pusher.ts';
import { runMetricProducer } from './producer.ts';

/**
 * `--out otlp=URL` (k6 calls its own `opentelemetry`): the run pushed as OTLP/HTTP metrics
 * (protobuf) to an OpenTelemetry collector or a backend that takes OTLP (Prometheus 3 with
 * its OTLP receiver, Mimir, …), every few seconds and at the end. The OpenTelemetry JS SDK
 * does the protocol: its OTLP exporter encodes and sends what a MetricProducer reads from
 * the run handle (./producer.ts). URL is the full metrics endpoint, e.g.
 * `http://127.0.0.1:4318/v1/metrics`.
 */
export function otlpTarget(url: string, timeoutMs: number): PushTarget {
  let run: RunData | undefined;
  let producer: ReturnType<typeof runMetricProducer> | undefined;
  const exporter = new OTLPMetricExporter({
    url,
    timeoutMillis: timeoutMs,
    temporalityPreference: AggregationTemporality.CUMULATIVE,
  });
  return {
    kind: 'otlp',
    url,
    async send(handle, meta) {
      run = handle;
      producer ??= runMetricProducer(() => run, meta);
      const { resourceMetrics } = await producer.collect();
      await new Promise<void>((resolve, reject) =>
        exporter.export(resourceMetrics, (result) => {
          if (result.code === ExportResultCode.SUCCESS) resolve();
          // not retried here: the exporter has retried what may pass later (429, 502, 503, 504) itself
          else reject(new PushError(exportFailure(result.error), false));
        }),
      );
    },
    close: () => exporter.shutdown(),
  };
}

/** The exporter's error as one line: its HTTP status when it has one (OTLPExporterError's `code`). */
function exportFailure(error: (Error & { code?: unknown }) | undefined): string {
  const message = error?.message ?? 'export failed';
  return typeof error?.code === 'number' ? `HTTP ${error.code}: ${message}` : message;
}
