// Part of the page script (see 1-state-and-format.js): the Streams tab. Server-sent events,
// NDJSON, WebSocket sessions and LLM calls as the client measured them (docs/streams.md,
// docs/llm.md), beside the service's own timings of the same work: the histograms its
// /metrics was asked to `keep` (docs/scrape.md), such as a model server's time to first token.

/** The stream and LLM trends, in the order a reader asks about them: [metric, what it is, format]. */
const STREAM_TRENDS = [
  ['stream_time_to_first_event', 'time to first event', fmtMs],
  ['stream_event_gap', 'gap between events', fmtMs],
  ['stream_duration', 'stream, from the call to its end', fmtMs],
  ['llm_ttft', 'time to first token', fmtMs],
  ['llm_itl', 'inter-token latency', fmtMs],
  ['llm_tpot', 'time per output token', fmtMs],
  ['llm_request_latency', 'end-to-end latency', fmtMs],
  ['llm_tokens_per_second', 'tokens per second of one call', fmtNum],
  ['ws_connecting', 'WebSocket: connecting', fmtMs],
  ['ws_time_to_first_message', 'WebSocket: first message', fmtMs],
  ['ws_message_gap', 'WebSocket: gap between messages', fmtMs],
  ['ws_ping', 'WebSocket: ping round trip', fmtMs],
  ['ws_session_duration', 'WebSocket: session', fmtMs],
];
/** A test's own trend of the same work, by its name: `draft_tokens_per_second`, `chat_ttft`. */
const OWN_STREAM_TREND = /(^|_)(tokens_per_second|ttft)$/;
/** The families the scrape keeps by itself (scrape/readings.ts), drawn in the Server tab; any other was kept on request. */
const BUILT_IN_SERVER_TIMINGS = ['http_request_duration_seconds', 'db_query_duration_seconds'];

function hasStreams() {
  return ['streams', 'llm_requests', 'ws_sessions'].some((key) => doc.metrics[key]);
}

/** `14 closed · 1 error` from a counter's keys by `outcome` (or `tokens_from`). */
function countsByTag(metric, tag) {
  const prefix = `${metric}{${tag}:`;
  return Object.keys(doc.metrics)
    .filter((key) => key.startsWith(prefix))
    .map((key) => `${fmtInt(metricValue(key, 'count'))} ${key.slice(prefix.length, -1)}`)
    .join(' · ');
}

function streamCards() {
  const cards = [];
  if (doc.metrics.streams) {
    const events = metricValue('stream_events', 'count') || 0;
    const openMs = (trendValue('stream_duration', 'avg') || 0) * trendCount('stream_duration');
    cards.push(
      card('Streams', fmtInt(metricValue('streams', 'count')), countsByTag('streams', 'outcome')),
      card(
        'First event p50',
        fmtMs(trendValue('stream_time_to_first_event', 'med')),
        `p95 ${fmtMs(trendValue('stream_time_to_first_event', 'p(95)'))}`,
      ),
      // Σ events / Σ time open: the pace of one stream, however many ran at once
      card('Events/s per stream', openMs > 0 ? fmtNum(events / (openMs / 1000)) : '-', 'events ÷ time open'),
      card(
        'Events/s',
        fmtNum(metricValue('stream_events', 'rate')),
        `${fmtBytes(metricValue('stream_bytes', 'rate'))}/s over the run`,
      ),
    );
  }
  if (doc.metrics.llm_requests) {
    cards.push(
      card(
        'LLM calls',
        fmtInt(metricValue('llm_requests', 'count')),
        countsByTag('llm_requests', 'tokens_from'),
      ),
      card('TTFT p95', fmtMs(trendValue('llm_ttft', 'p(95)')), `p50 ${fmtMs(trendValue('llm_ttft', 'med'))}`),
      card('TPOT p95', fmtMs(trendValue('llm_tpot', 'p(95)')), `p50 ${fmtMs(trendValue('llm_tpot', 'med'))}`),
      card('Output tokens/s', fmtNum(metricValue('llm_output_tokens', 'rate')), 'over the run'),
    );
    const goodput = doc.metrics.llm_goodput?.values;
    if (goodput)
      cards.push(card('Goodput', fmtPct(goodput.rate), `${fmtInt(goodput.passes)} calls met every SLO`));
  }
  if (doc.metrics.ws_sessions) {
    cards.push(
      card(
        'WebSocket sessions',
        fmtInt(metricValue('ws_sessions', 'count')),
        countsByTag('ws_sessions', 'outcome'),
      ),
    );
  }
  return cards;
}

/** The test's own trends named as OWN_STREAM_TREND says, after the built-in ones: [metric, what, format]. */
function ownStreamTrends() {
  const builtIn = new Set(STREAM_TRENDS.map(([metric]) => metric));
  return Object.keys(doc.metrics)
    .filter((key) => !builtIn.has(key) && doc.metrics[key].type === 'trend' && OWN_STREAM_TREND.test(key))
    .map((key) => [key, 'the test’s own trend', doc.metrics[key].contains === 'time' ? fmtMs : fmtNum]);
}

function clientTrendTable() {
  const rows = [...STREAM_TRENDS, ...ownStreamTrends()]
    .filter(([metric]) => trendCount(metric) > 0)
    .map(([metric, what, format]) => ({
      metric,
      what,
      format,
      count: trendCount(metric),
      p50: trendValue(metric, 'med'),
      p90: trendValue(metric, 'p(90)'),
      p95: trendValue(metric, 'p(95)'),
      p99: trendValue(metric, 'p(99)'),
      max: trendValue(metric, 'max'),
    }));
  const stat = (label, field) => ({ label, get: (r) => r[field], format: (v, r) => r.format(v) });
  return table(
    [
      { label: 'Metric', get: (r) => r.metric, text: true },
      { label: 'What', get: (r) => r.what, text: true },
      { label: 'Count', get: (r) => r.count, format: fmtInt },
      stat('p50', 'p50'),
      stat('p90', 'p90'),
      stat('p95', 'p95'),
      stat('p99', 'p99'),
      stat('max', 'max'),
    ],
    rows,
  );
}

/** The service's kept timing histograms: their percentiles (ms) and the rate series beside them. */
function keptServerTimings() {
  const series = doc.server?.series || [];
  const timed = new Set(
    series
      .filter((s) => s.unit === 'ms' && !BUILT_IN_SERVER_TIMINGS.includes(s.name))
      .map((s) => `${s.target}|${s.name}`),
  );
  return series.filter((s) => timed.has(`${s.target}|${s.name}`));
}

/** The kept series by histogram (endpoint, family, label set): { name, count, p50, p95, p99, series }. */
function keptHistograms(kept) {
  const rows = new Map();
  for (const s of kept) {
    const key = `${s.target}|${s.name}${labelText(s.labels)}`;
    if (!rows.has(key)) rows.set(key, { key, name: `${s.name}${labelText(s.labels)}`, series: {} });
    const row = rows.get(key);
    row.series[s.stat] = s;
    if (s.stat === 'rate') row.count = s.total;
    else row[s.stat] = s.run;
  }
  return [...rows.values()];
}

/** A chart per kept histogram: its p50, p95 and p99 over the run, on the run's time axis. */
function keptHistogramCharts(histograms) {
  const runEnd = ((doc.series.t.at(-1) ?? 0) + 1000) / 1000;
  return histograms.map((histogram) => {
    const stats = ['p50', 'p95', 'p99'].filter((stat) => histogram.series[stat]);
    const joined = uPlot.join(
      stats.map((stat) => {
        const { points } = histogram.series[stat];
        return [points.map((p) => p[0] / 1000), points.map((p) => p[1])];
      }),
    );
    return chartBlock({
      key: `streams-server-${histogram.key}`,
      title: histogram.name,
      x: joined[0],
      xRange: [0, runEnd],
      format: fmtMs,
      series: stats.map((stat, i) => ({ label: stat, values: joined[i + 1] })),
    });
  });
}

function serverTimingTable(histograms) {
  return table(
    [
      { label: 'Metric', get: (r) => r.name, text: true },
      { label: 'Count', get: (r) => r.count, format: fmtInt },
      { label: 'p50', get: (r) => r.p50, format: fmtMs },
      { label: 'p95', get: (r) => r.p95, format: fmtMs },
      { label: 'p99', get: (r) => r.p99, format: fmtMs },
    ],
    histograms,
  );
}

function streamsTab() {
  const blocks = [{ key: 'stream-cards', node: h('div', { class: 'cards' }, streamCards()) }];
  blocks.push(section('stream-client', 'Measured by the client (whole run)', clientTrendTable()));
  const histograms = keptHistograms(keptServerTimings());
  if (histograms.length > 0) {
    blocks.push(
      section(
        'stream-server',
        'Measured by the service (its /metrics, whole run)',
        serverTimingTable(histograms),
        h(
          'p',
          { class: 'hint' },
          'The service’s percentiles are histogram_quantile over its buckets: each is only as fine as the bucket edges around it. Count: observations during the run.',
        ),
      ),
      { key: 'stream-server-charts', grid: keptHistogramCharts(histograms) },
    );
  } else {
    blocks.push(
      note(
        'stream-server-none',
        doc.server
          ? 'The service’s own timings of this work can sit here: name its histograms in the scrape’s keep list (docs/scrape.md), e.g. keep: ["ai_generation_seconds"].'
          : 'Scrape the service’s /metrics (--scrape URL, with keep for its model or stream histograms) to see its own timings of this work here.',
      ),
    );
  }
  const dist = [
    ...distributionBlocks('stream_time_to_first_event', 'streams'),
    ...distributionBlocks('llm_ttft', 'calls'),
  ];
  if (dist.length > 0)
    blocks.push(
      { key: 'stream-dist-title', node: h('h2', {}, 'Time to first event or token (whole run)') },
      { key: 'stream-dist-charts', grid: dist },
    );
  return blocks;
}
