import { createAggregator, createRecorder } from '../../metrics/index.ts';
import type { IntervalView } from '../../results/index.ts';

/**
 * Test fixture: requests recorded as the HTTP client records them (same metrics, same tags)
 * into a real aggregator, merged as one second; the view an output is handed, with the
 * run handle on it.
 */

export interface RecordedRequest {
  readonly name: string;
  readonly method?: string;
  readonly durationUs: number;
  /** An error kind: the request failed with it (http_req_failed, errors{kind,name}). */
  readonly error?: string;
  readonly sample?: string;
  readonly bytesReceived?: number;
  /** Open model: the time from the iteration's intended start. */
  readonly responseTimeUs?: number;
}

const T0 = 1_700_000_000_000;

export function recordedRun(requests: readonly RecordedRequest[]): IntervalView {
  const recorder = createRecorder('r0');
  for (const request of requests) {
    const tags = { name: request.name, method: request.method ?? 'GET', scenario: 'default' };
    recorder.trend(recorder.series('http_req_duration', tags), request.durationUs);
    recorder.count(recorder.series('http_reqs', tags), 1);
    recorder.rate(recorder.series('http_req_failed', tags), request.error !== undefined);
    recorder.count(recorder.series('data_received', tags), request.bytesReceived ?? 0);
    if (request.responseTimeUs !== undefined) {
      recorder.trend(recorder.series('response_time', tags), request.responseTimeUs);
    }
    if (request.error !== undefined) {
      const id = recorder.series('errors', { name: request.name, scenario: 'default', kind: request.error });
      recorder.count(id, 1);
      recorder.sample(id, request.sample ?? request.error);
    }
  }
  const aggregator = createAggregator({ runStartMs: T0 });
  return aggregator.addInterval([recorder.snapshot(0, T0, T0 + 1000)]);
}
