/**
 * How long one `/metrics` scrape takes (prometheusExposition over the run handle) for a run
 * with 50 request names × 3 statuses: every series the engine records per (name, status)
 * (http_reqs, 8 timing histograms, http_req_failed, data_*), errors for the failing
 * statuses, iterations and the gauges; latencies log-uniform 100 µs..1 s (most HDR buckets
 * in use: the worst case for reading bucket counts). It runs once per scrape, never per
 * request.
 *
 * Run: node_modules/.bin/node bench/prometheus-exposition.ts
 */
import { createAggregator, createRecorder } from '../packages/salvo/src/metrics/index.ts';
import { prometheusExposition } from '../packages/salvo/src/outputs/prometheus/index.ts';

const NAMES = 50;
const STATUSES = ['200', '404', '503'];
const TIMINGS = [
  'http_req_duration',
  'http_req_waiting',
  'http_req_connecting',
  'http_req_tls_handshaking',
  'http_req_sending',
  'http_req_receiving',
  'http_req_blocked',
];
const REQUESTS_PER_SERIES = 2000;
const REPEATS = 21;

const recorder = createRecorder('r0');
let seed = 42;
const latencyUs = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return Math.round(100 * 10 ** (4 * (seed / 2_147_483_648)));
};
for (let n = 0; n < NAMES; n++) {
  for (const status of STATUSES) {
    const tags = { scenario: 'default', name: `/api/resource-${n}/:id`, method: 'GET', status };
    recorder.count(recorder.series('http_reqs', tags), REQUESTS_PER_SERIES);
    for (const metric of TIMINGS) {
      const id = recorder.series(metric, tags);
      for (let i = 0; i < REQUESTS_PER_SERIES; i++) recorder.trend(id, latencyUs());
    }
    const failed = recorder.series('http_req_failed', tags);
    for (let i = 0; i < REQUESTS_PER_SERIES; i++) recorder.rate(failed, status !== '200');
    recorder.count(recorder.series('data_sent', tags), 100 * REQUESTS_PER_SERIES);
    recorder.count(recorder.series('data_received', tags), 1000 * REQUESTS_PER_SERIES);
    if (status !== '200') {
      const kind = status === '404' ? 'http_4xx' : 'http_5xx';
      recorder.count(
        recorder.series('errors', { scenario: 'default', name: tags.name, kind }),
        REQUESTS_PER_SERIES,
      );
    }
  }
}
recorder.count(
  recorder.series('iterations', { scenario: 'default' }),
  NAMES * STATUSES.length * REQUESTS_PER_SERIES,
);
recorder.gauge(recorder.series('vus', {}), 50);
recorder.gauge(recorder.series('vus_max', {}), 50);
const aggregator = createAggregator();
aggregator.addInterval([recorder.snapshot(0, 0, 1000)]);
const meta = {
  testId: 'bench',
  test: 'bench.ts',
  startedAt: '',
  plannedDurationMs: undefined,
  scenarios: ['default'],
};

const times: number[] = [];
let text = '';
for (let i = 0; i < REPEATS; i++) {
  const start = performance.now();
  text = prometheusExposition(aggregator.data, meta);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const series = [...aggregator.data.cumulative.series()].length;
const lines = text.split('\n').length - 1;
console.log(
  `${NAMES} names × ${STATUSES.length} statuses: ${series} Salvo series, ${lines} lines, ` +
    `${(text.length / 1024).toFixed(0)} KiB; exposition median ${times[REPEATS >> 1]!.toFixed(1)} ms, ` +
    `best ${times[0]!.toFixed(1)} ms, worst ${times.at(-1)!.toFixed(1)} ms (${REPEATS} runs, the first one cold)`,
);
