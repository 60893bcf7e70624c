// Part of the page script (see 1-state-and-format.js): the Overview, Requests and Latency tabs.
// ---- tabs -------------------------------------------------------------------------------

function overviewTab() {
  const duration = 'http_req_duration';
  const failed = doc.metrics.http_req_failed?.values || {};
  const thresholds = thresholdRows();
  const passed = thresholds.filter((r) => r.outcome.ok && !r.outcome.noData).length;
  const crossed = thresholds.filter((r) => !r.outcome.ok && !r.outcome.noData).length;
  const noData = thresholds.filter((r) => r.outcome.noData).length;
  const checks = doc.metrics.checks?.values || {};
  const outcome = doc.meta.outcome;
  const verdict = live && !finished ? doc.meta.state || 'running' : outcome;
  const cards = [
    card(
      live && !finished ? 'State' : 'Outcome',
      verdict.replace(/_/g, ' '),
      finished ? `exit code ${doc.meta.exitCode}${doc.meta.reason ? `: ${doc.meta.reason}` : ''}` : undefined,
      finished ? (outcome === 'passed' ? 'ok' : 'bad') : undefined,
    ),
    card(
      'Requests',
      fmtInt(metricValue('http_reqs', 'count')),
      `${fmtNum(metricValue('http_reqs', 'rate'))} req/s`,
    ),
    card('p95', fmtMs(trendValue(duration, 'p(95)')), 'http_req_duration'),
    card('p99', fmtMs(trendValue(duration, 'p(99)')), 'http_req_duration'),
    card(
      'Error rate',
      fmtPct(failed.rate),
      `${fmtInt(failed.passes)} failed`,
      failed.passes > 0 ? 'bad' : undefined,
    ),
    card(
      'Thresholds',
      thresholds.length === 0 ? 'none' : `${passed}/${thresholds.length} passed`,
      thresholds.length === 0 ? undefined : `${crossed} failed, ${noData} no data`,
      thresholds.length === 0 ? undefined : thresholds.every((r) => r.outcome.ok) ? 'ok' : 'bad',
    ),
  ];
  if (doc.metrics.response_time) {
    cards.push(
      card('response_time p99', fmtMs(trendValue('response_time', 'p(99)')), 'from the intended start'),
    );
  }
  if ((checks.passes || 0) + (checks.fails || 0) > 0) {
    cards.push(
      card(
        'Checks',
        fmtPct(checks.rate),
        `${fmtInt(checks.fails)} failed`,
        checks.fails > 0 ? 'bad' : undefined,
      ),
    );
  }
  cards.push(
    card('VUs', fmtInt(metricValue('vus', 'max')), 'at most'),
    card(
      'Iterations',
      fmtInt(metricValue('iterations', 'count')),
      `${fmtInt(metricValue('dropped_iterations', 'count') || 0)} dropped`,
    ),
    card(
      'Data',
      fmtBytes(metricValue('data_received', 'count')),
      `received, ${fmtBytes(metricValue('data_sent', 'count'))} sent`,
    ),
    card(
      'Duration',
      fmtDurationMs(doc.meta.durationMs ?? (doc.series.t.at(-1) ?? 0) + 1000),
      doc.meta.startedAt,
    ),
  );
  const total = doc.series.total;
  const errorKinds = Object.keys(total.errors).sort();
  return [
    ...saturationNotes(),
    { key: 'cards', node: h('div', { class: 'cards' }, cards) },
    {
      key: 'overview-charts',
      grid: [
        chartBlock({
          key: 'ov-reqs',
          title: 'Requests per second',
          series: [
            { label: 'requests', values: total.requests },
            { label: 'failures', values: total.failures, color: '#ef4444' },
          ],
        }),
        chartBlock({
          key: 'ov-latency',
          title: 'http_req_duration',
          format: fmtMs,
          series: [
            { label: 'p50', values: total.p50 },
            { label: 'p95', values: total.p95 },
            { label: 'p99', values: total.p99 },
          ],
        }),
        chartBlock({
          key: 'ov-vus',
          title: 'VUs, iterations and dropped iterations per second',
          series: [
            { label: 'VUs', values: doc.series.vus },
            { label: 'iterations', values: doc.series.iterations },
            { label: 'dropped', values: doc.series.droppedIterations, color: '#ef4444' },
          ],
        }),
        chartBlock({
          key: 'ov-errors',
          title: errorsTitle(total),
          series: [
            ...failureSplit(total),
            ...(errorKinds.length
              ? errorKinds.map((kind) => ({ label: kind, values: total.errors[kind] }))
              : [{ label: 'errors', values: total.failures }]),
          ],
        }),
        chartBlock({
          key: 'ov-data',
          title: 'Data per second',
          format: fmtBytes,
          series: [
            { label: 'received', values: total.bytesReceived },
            { label: 'sent', values: total.bytesSent },
          ],
        }),
      ],
    },
  ];
}

const requestSort = { index: 1, descending: true };

function requestsTab() {
  const names = requestNames();
  if (names.length === 0) return [note('none', 'No request was made.')];
  const rows = names.map((name) => {
    const d = (field) => trendValue(nameKey('http_req_duration', name), field);
    return {
      name,
      count: metricValue(nameKey('http_reqs', name), 'count') ?? sum(doc.series.byName[name].requests),
      rate: metricValue(nameKey('http_reqs', name), 'rate'),
      failures:
        metricValue(nameKey('http_req_failed', name), 'passes') ?? sum(doc.series.byName[name].failures),
      avg: d('avg'),
      min: d('min'),
      p50: d('med'),
      p90: d('p(90)'),
      p95: d('p(95)'),
      p99: d('p(99)'),
      max: d('max'),
    };
  });
  const columns = [
    { label: 'Name', get: (r) => r.name, text: true },
    { label: 'Requests', get: (r) => r.count, format: fmtInt },
    { label: 'req/s', get: (r) => r.rate, format: fmtNum },
    {
      label: 'Failures',
      get: (r) => r.failures,
      format: (v, r) =>
        v > 0 ? h('span', { class: 'bad-text' }, `${fmtInt(v)} (${fmtPct(v / r.count)})`) : fmtInt(v),
    },
    { label: 'avg', get: (r) => r.avg, format: fmtMs },
    { label: 'min', get: (r) => r.min, format: fmtMs },
    { label: 'p50', get: (r) => r.p50, format: fmtMs },
    { label: 'p90', get: (r) => r.p90, format: fmtMs },
    { label: 'p95', get: (r) => r.p95, format: fmtMs },
    { label: 'p99', get: (r) => r.p99, format: fmtMs },
    { label: 'max', get: (r) => r.max, format: fmtMs },
    {
      label: 'req/s over time',
      get: (r) => r.count,
      format: (_v, r) => sparkline(doc.series.byName[r.name].requests, `requests per second of ${r.name}`),
    },
  ];
  const onSort = (index) => {
    if (requestSort.index === index) requestSort.descending = !requestSort.descending;
    else Object.assign(requestSort, { index, descending: index !== 0 });
    refresh();
  };
  return [
    section(
      'requests-table',
      `Requests by name (${names.length})`,
      table(columns, rows, requestSort, onSort),
    ),
  ];
}

const sum = (values) => values.reduce((a, b) => a + (b || 0), 0);

function percentileSeries(block) {
  return ['p50', 'p90', 'p95', 'p99', 'max'].map((p) => ({ label: p, values: block[p] }));
}

/** The distribution bars and percentile spectrum of a trend; `what` its values (requests, streams). */
function distributionBlocks(metric, what = 'requests') {
  const d = distributions[metric];
  if (!d) return [];
  const edges = d.edgesMs;
  const nines = (p) => (p >= 100 ? null : -Math.log10(1 - p / 100));
  const spectrum = d.spectrum.filter(([p]) => p < 100);
  const max = d.spectrum.at(-1)[1];
  return [
    chartBlock({
      key: `dist-${metric}`,
      title: `${metric}: distribution (${fmtInt(d.count)} values)`,
      bars: true,
      sync: false,
      x: d.counts.map((_c, i) => i),
      xLabel: 'from',
      xFormat: (i) => (Number.isInteger(i) && edges[i] !== undefined ? fmtMs(edges[i]) : ''),
      series: [{ label: what, values: d.counts }],
    }),
    chartBlock({
      key: `spectrum-${metric}`,
      title: `${metric}: percentile spectrum (max ${fmtMs(max)})`,
      sync: false,
      format: fmtMs,
      x: spectrum.map(([p]) => nines(p)),
      xLabel: 'percentile',
      // ticks at whole nines: 0 %, 90 %, 99 %, 99.9 %, …
      xSplits: (u) => Array.from({ length: Math.floor(u.scales.x.max) + 1 }, (_v, i) => i),
      xFormat: (x) => `${(100 * (1 - 10 ** -x)).toFixed(Math.max(0, x - 2))}%`,
      series: [{ label: metric, values: spectrum.map(([, ms]) => ms) }],
    }),
  ];
}

function latencyTab() {
  const total = doc.series.total;
  const names = requestNames();
  const grid = [
    chartBlock({
      key: 'lat-duration',
      title: 'http_req_duration over time (service time)',
      format: fmtMs,
      series: percentileSeries(total),
    }),
  ];
  if (total.responseTime) {
    grid.push(
      chartBlock({
        key: 'lat-response',
        title: 'response_time over time (from the intended start)',
        format: fmtMs,
        series: percentileSeries(total.responseTime),
      }),
    );
  }
  if (names.length > 1) {
    grid.push(
      chartBlock({
        key: 'lat-names',
        title: 'p95 by request name',
        format: fmtMs,
        series: names.map((name) => ({ label: name, values: doc.series.byName[name].p95 })),
      }),
    );
  }
  const blocks = [...saturationNotes(), ...changePointNotes(), { key: 'latency-charts', grid }];
  const dist = [...distributionBlocks('http_req_duration'), ...distributionBlocks('response_time')];
  if (dist.length > 0)
    blocks.push(
      { key: 'dist-title', node: h('h2', {}, 'Distribution (whole run)') },
      { key: 'dist-charts', grid: dist },
    );
  else if (live)
    blocks.push(
      note(
        'dist-live',
        'The distribution is drawn from the whole-run histograms: see the report at the end of the run.',
      ),
    );
  return blocks;
}
