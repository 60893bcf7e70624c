import type { RequestSeries } from '../http/client-metrics.ts';
import { type StreamOutcome, tagsWithoutMethod } from '../http/streams/index.ts';
import type { Recorder, SeriesId } from '../metrics/types.ts';

/** The ws_* series of one session name (k6's metric names). */
export interface WsSeries {
  readonly connecting: SeriesId;
  readonly duration: SeriesId;
  readonly sent: SeriesId;
  readonly received: SeriesId;
  readonly ping: SeriesId;
  readonly firstMessage: SeriesId;
  readonly gap: SeriesId;
  readonly bytesSent: SeriesId;
  readonly bytesReceived: SeriesId;
  readonly sessions: Record<StreamOutcome, SeriesId>;
}

const byRecorder = new WeakMap<Recorder, WeakMap<RequestSeries, WsSeries>>();

export function wsSeries(recorder: Recorder, request: RequestSeries): WsSeries {
  let cache = byRecorder.get(recorder);
  if (cache === undefined) {
    cache = new WeakMap();
    byRecorder.set(recorder, cache);
  }
  let series = cache.get(request);
  if (series === undefined) {
    const tags = tagsWithoutMethod(request);
    const sessions = (outcome: StreamOutcome) => recorder.series('ws_sessions', { ...tags, outcome });
    series = {
      connecting: recorder.series('ws_connecting', tags),
      duration: recorder.series('ws_session_duration', tags),
      sent: recorder.series('ws_msgs_sent', tags),
      received: recorder.series('ws_msgs_received', tags),
      ping: recorder.series('ws_ping', tags),
      firstMessage: recorder.series('ws_time_to_first_message', tags),
      gap: recorder.series('ws_message_gap', tags),
      bytesSent: recorder.series('ws_data_sent', tags),
      bytesReceived: recorder.series('ws_data_received', tags),
      sessions: {
        done: sessions('done'),
        closed: sessions('closed'),
        error: sessions('error'),
        timeout: sessions('timeout'),
      },
    };
    cache.set(request, series);
  }
  return series;
}
