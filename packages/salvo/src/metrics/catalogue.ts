import type { MetricDef } from './types.ts';

/**
 * The built-in metrics, named as k6 names them so users and dashboards recognise them.
 * Tags on the http_* metrics: scenario, name, method, status (plus the request's own tags).
 */
export const BUILTIN_METRICS = [
  { name: 'http_reqs', type: 'counter', contains: 'default' },
  { name: 'http_req_duration', type: 'trend', contains: 'time' },
  { name: 'http_req_waiting', type: 'trend', contains: 'time' },
  { name: 'http_req_connecting', type: 'trend', contains: 'time' },
  { name: 'http_req_tls_handshaking', type: 'trend', contains: 'time' },
  { name: 'http_req_sending', type: 'trend', contains: 'time' },
  { name: 'http_req_receiving', type: 'trend', contains: 'time' },
  { name: 'http_req_blocked', type: 'trend', contains: 'time' },
  { name: 'http_req_failed', type: 'rate', contains: 'default' },
  /** Open model only: from the iteration's intended start (coordinated omission corrected). */
  { name: 'response_time', type: 'trend', contains: 'time' },
  { name: 'http_req_retries', type: 'counter', contains: 'default' },
  { name: 'iterations', type: 'counter', contains: 'default' },
  { name: 'iteration_duration', type: 'trend', contains: 'time' },
  { name: 'vus', type: 'gauge', contains: 'default' },
  { name: 'vus_max', type: 'gauge', contains: 'default' },
  { name: 'dropped_iterations', type: 'counter', contains: 'default' },
  { name: 'data_sent', type: 'counter', contains: 'data' },
  { name: 'data_received', type: 'counter', contains: 'data' },
  /** Tag `check`: the check's name. */
  { name: 'checks', type: 'rate', contains: 'default' },
  /** Tag `group`: the group's path (`::checkout::pay`), one sample each time a VU's group ends. */
  { name: 'group_duration', type: 'trend', contains: 'time' },
  /** Tags `kind` (an ErrorKind) and `name` (request or check name); samples carry a message. */
  { name: 'errors', type: 'counter', contains: 'default' },
  /**
   * The load generator's own load, tagged `runner`, one reading a second (not per request):
   * event-loop delay p99 in ms, event-loop utilisation 0..1, CPU of the thread (1 = a core),
   * and (Linux) the share of time it waited for a core.
   */
  { name: 'generator_event_loop_delay', type: 'gauge', contains: 'time' },
  { name: 'generator_elu', type: 'gauge', contains: 'default' },
  { name: 'generator_cpu', type: 'gauge', contains: 'default' },
  { name: 'generator_cpu_wait', type: 'gauge', contains: 'default' },
  // Streams (vu.http.sse, vu.http.ndjson), tagged like their requests without `method`:
  // from the call to the first event, between events, from the call to the end.
  { name: 'stream_time_to_first_event', type: 'trend', contains: 'time' },
  { name: 'stream_event_gap', type: 'trend', contains: 'time' },
  { name: 'stream_duration', type: 'trend', contains: 'time' },
  { name: 'stream_events', type: 'counter', contains: 'default' },
  { name: 'stream_bytes', type: 'counter', contains: 'data' },
  { name: 'stream_reconnects', type: 'counter', contains: 'default' },
  /** Tag `outcome`: done (by the client), closed (by the server), error, timeout. */
  { name: 'streams', type: 'counter', contains: 'default' },
  // WebSocket sessions (vu.ws.connect), k6's names; ws_sessions is tagged `outcome` too.
  { name: 'ws_sessions', type: 'counter', contains: 'default' },
  { name: 'ws_connecting', type: 'trend', contains: 'time' },
  { name: 'ws_session_duration', type: 'trend', contains: 'time' },
  { name: 'ws_msgs_sent', type: 'counter', contains: 'default' },
  { name: 'ws_msgs_received', type: 'counter', contains: 'default' },
  { name: 'ws_ping', type: 'trend', contains: 'time' },
  // as a stream's: from the call to the first message received, between two received, payload bytes each way
  { name: 'ws_time_to_first_message', type: 'trend', contains: 'time' },
  { name: 'ws_message_gap', type: 'trend', contains: 'time' },
  { name: 'ws_data_sent', type: 'counter', contains: 'data' },
  { name: 'ws_data_received', type: 'counter', contains: 'data' },
  // LLM calls (vu.llm), vLLM benchmark_serving's definitions (docs/llm.md).
  { name: 'llm_requests', type: 'counter', contains: 'default' },
  { name: 'llm_ttft', type: 'trend', contains: 'time' },
  { name: 'llm_itl', type: 'trend', contains: 'time' },
  { name: 'llm_tpot', type: 'trend', contains: 'time' },
  { name: 'llm_request_latency', type: 'trend', contains: 'time' },
  { name: 'llm_output_tokens', type: 'counter', contains: 'default' },
  { name: 'llm_input_tokens', type: 'counter', contains: 'default' },
  /** Per request: output tokens / e2e latency in seconds (llmperf's), rounded to a whole number. */
  { name: 'llm_tokens_per_second', type: 'trend', contains: 'default' },
  /** Requests that met every SLO given (failed ones never do) / requests with SLOs. */
  { name: 'llm_goodput', type: 'rate', contains: 'default' },
  /** Requests that met every SLO: its rate is vLLM's request goodput (req/s). */
  { name: 'llm_good_requests', type: 'counter', contains: 'default' },
] as const satisfies readonly MetricDef[];

export type BuiltinMetricName = (typeof BUILTIN_METRICS)[number]['name'];

/**
 * Metrics the results document always carries, with zero values when nothing was recorded
 * (a trend: count 0 and every figure 0, as k6's sinks report an empty trend), so a reader
 * never has to tell "missing" from "none". Open-model runs add OPEN_MODEL_METRICS.
 */
export const CORE_METRICS: readonly BuiltinMetricName[] = [
  'http_reqs',
  'http_req_duration',
  'http_req_waiting',
  'http_req_connecting',
  'http_req_tls_handshaking',
  'http_req_sending',
  'http_req_receiving',
  'http_req_blocked',
  'http_req_failed',
  'http_req_retries',
  'data_sent',
  'data_received',
  'iterations',
  'iteration_duration',
  'vus',
  'vus_max',
  'checks',
  'errors',
];

/** Always there too in a run with an arrival-rate scenario. */
export const OPEN_MODEL_METRICS: readonly BuiltinMetricName[] = ['dropped_iterations', 'response_time'];
