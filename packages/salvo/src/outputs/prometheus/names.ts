import type { MetricContains, MetricType } from '../../results/index.ts';

/**
 * Prometheus names for Salvo's metrics: `salvo_` and the metric's name, then the unit and
 * type suffixes Prometheus' conventions ask for: seconds for times (Salvo reports ms),
 * `_bytes` for data, `_total` for counters (a rate is a counter of its events, labelled
 * `result="true"|"false"`).
 */

export type FamilyType = 'counter' | 'gauge' | 'histogram';

/** What Prometheus is told a built-in metric is; the order they are written in. */
const BUILTIN_HELP: Readonly<Record<string, string>> = {
  http_reqs: 'HTTP requests sent (every attempt, retries included).',
  http_req_failed:
    'HTTP requests by whether they failed (result="true": failed by the expected statuses or an error).',
  http_req_duration: 'Time of a request: sending, waiting and receiving.',
  response_time:
    'Open model: time from when the request was due to its response (coordinated omission corrected).',
  http_req_waiting: 'Time to first byte after the request was sent.',
  http_req_connecting: 'Time spent opening the TCP connection.',
  http_req_tls_handshaking: 'Time spent in the TLS handshake.',
  http_req_sending: 'Time spent sending the request.',
  http_req_receiving: 'Time spent receiving the response body.',
  http_req_blocked: 'Time spent waiting for a free connection before sending.',
  http_req_retries: 'Retries of HTTP requests.',
  errors: 'Errors by kind (an HTTP error class, check or script).',
  checks: 'Checks by whether they passed (result="true": passed).',
  iterations: 'Iterations completed.',
  iteration_duration: 'Time of a whole iteration.',
  dropped_iterations: 'Open model: iterations not started because no VU was free.',
  group_duration: 'Time of a group, each time a VU ends one.',
  data_sent: 'Bytes sent.',
  data_received: 'Bytes received.',
  vus: 'Virtual users running now.',
  vus_max: 'Virtual users allocated.',
  generator_event_loop_delay: "A load generator's event-loop delay, p99 over its last second.",
  generator_elu: "A load generator's event-loop utilisation over its last second, 0 to 1.",
  generator_cpu: "A load generator thread's CPU use over its last second (1 is one core).",
  generator_cpu_wait: 'Share of its last second a load generator thread waited for a CPU (Linux).',
  stream_time_to_first_event: 'Time from opening a stream to its first event.',
  stream_event_gap: 'Time between two events of a stream.',
  stream_duration: 'Time from opening a stream to its end.',
  stream_events: 'Events (SSE) or values (NDJSON) received on streams.',
  stream_bytes: 'Body bytes received on streams.',
  stream_reconnects: 'Reconnections of SSE streams.',
  streams: 'Streams ended, by outcome (done, closed, error, timeout).',
  ws_sessions: 'WebSocket sessions ended, by outcome (done, closed, error, timeout).',
  ws_connecting: 'Time to open a WebSocket (connect and upgrade).',
  ws_session_duration: 'Time a WebSocket session lasted.',
  ws_msgs_sent: 'WebSocket messages sent.',
  ws_msgs_received: 'WebSocket messages received.',
  ws_ping: 'Round trip of a WebSocket ping to its pong.',
  ws_time_to_first_message: 'Time from opening a WebSocket to its first message received.',
  ws_message_gap: 'Time between two WebSocket messages received.',
  ws_data_sent: 'WebSocket message payload bytes sent.',
  ws_data_received: 'WebSocket message payload bytes received.',
  llm_requests: 'LLM calls made.',
  llm_ttft: 'LLM time to first token.',
  llm_itl: 'LLM inter-token latency: time between two streamed token chunks.',
  llm_tpot: 'LLM time per output token after the first.',
  llm_request_latency: 'LLM end-to-end latency of a call.',
  llm_output_tokens: 'LLM output tokens.',
  llm_input_tokens: 'LLM input (prompt) tokens.',
  llm_tokens_per_second: 'LLM output tokens per second of one call.',
  llm_goodput: 'LLM calls by whether they met every SLO given (result="true": met).',
  llm_good_requests: 'LLM calls that met every SLO given.',
};

const BUILTIN_ORDER = new Map(Object.keys(BUILTIN_HELP).map((metric, i) => [metric, i]));

/**
 * Where a metric's family is written: built-ins first in BUILTIN_HELP's order (so they are
 * named first and keep their names on a clash), then custom metrics; undefined for those.
 */
export function builtinOrder(metric: string): number | undefined {
  return BUILTIN_ORDER.get(metric);
}

export function familyType(type: MetricType): FamilyType {
  if (type === 'trend') return 'histogram';
  return type === 'gauge' ? 'gauge' : 'counter';
}

function withSuffix(name: string, suffix: string): string {
  return name.endsWith(suffix) ? name : `${name}${suffix}`;
}

/** The family's name before clashes are resolved: `salvo_<metric>` and its suffixes. */
export function familyName(metric: string, type: MetricType, contains: MetricContains): string {
  let name = `salvo_${metric.replace(/[^a-zA-Z0-9_]/g, '_')}`;
  if (contains === 'time') name = withSuffix(name, '_seconds');
  if (contains === 'data') name = withSuffix(name, '_bytes');
  if (familyType(type) === 'counter') name = withSuffix(name, '_total');
  return name;
}

/** The names of the samples a family writes (a clash with any of them is a clash). */
export function sampleNames(name: string, type: FamilyType): string[] {
  return type === 'histogram' ? [name, `${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
}

/** HELP text, escaped as the format asks (backslash and newline). */
export function familyHelp(metric: string, type: MetricType, contains: MetricContains): string {
  const unit = contains === 'time' ? ' In seconds.' : '';
  const text =
    BUILTIN_HELP[metric] ??
    `Custom ${type} "${metric}" of the test.${type === 'rate' ? ' result="true": the events that were true.' : ''}`;
  return `${text}${unit}`.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
