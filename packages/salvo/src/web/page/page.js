/*
 * Salvo's page (web/page/): draws a results document (docs/results.md) in tabs. Report
 * mode reads the document inlined in #salvo-doc; live mode builds it from the dashboard's
 * server-sent events (web/contract.ts: snapshot, tick, end). Plain browser JavaScript, no
 * network beyond the live page's own server. All user text (request names, error samples,
 * labels) goes into the DOM as text nodes, never as HTML.
 */
(() => {
  const byId = (id) => document.getElementById(id);
  const readJson = (id) => {
    const el = byId(id);
    return el ? JSON.parse(el.textContent) : undefined;
  };
  const config = readJson('salvo-config');
  const live = config.mode === 'live';
  /** The document drawn; in live mode it grows each second. */
  let doc = readJson('salvo-doc');
  const distributions = readJson('salvo-distributions') || {};
  let finished = !live;
  let activeTab = 'overview';

  // ---- DOM and formatting helpers -------------------------------------------------------

  /** An element with attributes and children (strings become text nodes). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
  const intFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
  const fmtInt = (n) => (n === undefined || n === null ? '-' : intFormat.format(n));
  const fmtNum = (n) => (n === undefined || n === null ? '-' : numberFormat.format(n));
  function fmtMs(ms) {
    if (ms === undefined || ms === null) return '-';
    if (ms === 0) return '0 ms';
    if (ms >= 1000) return `${(ms / 1000).toPrecision(3)} s`;
    if (ms >= 100) return `${ms.toFixed(0)} ms`;
    if (ms >= 1) return `${ms.toPrecision(3)} ms`;
    return `${ms.toFixed(3)} ms`;
  }
  const fmtPct = (ratio) => (ratio === undefined || ratio === null ? '-' : `${(ratio * 100).toFixed(2)} %`);
  function fmtBytes(n) {
    if (n === undefined || n === null) return '-';
    const units = ['B', 'kB', 'MB', 'GB', 'TB'];
    let i = 0;
    while (n >= 1000 && i < units.length - 1) {
      n /= 1000;
      i++;
    }
    return `${i === 0 ? n : n.toPrecision(3)} ${units[i]}`;
  }
  function fmtSeconds(s) {
    if (s === null || s === undefined) return '';
    const sign = s < 0 ? '-' : '';
    s = Math.abs(Math.round(s));
    const hours = Math.floor(s / 3600);
    const minutes = Math.floor((s % 3600) / 60);
    const seconds = String(s % 60).padStart(2, '0');
    return hours > 0
      ? `${sign}${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
      : `${sign}${minutes}:${seconds}`;
  }
  const fmtDurationMs = (ms) => (ms >= 60_000 ? fmtSeconds(ms / 1000) : `${(ms / 1000).toFixed(1)} s`);

  /** The value of a metric entry's `values` field, when the document has it. */
  const metricValue = (key, field) => doc.metrics[key]?.values?.[field];
  const nameKey = (metric, name) => `${metric}{name:${name}}`;
  const trendCount = (key) => metricValue(key, 'count') || 0;
  /** A trend figure, or undefined when the trend has no values (0 would read as fast). */
  const trendValue = (key, field) => (trendCount(key) > 0 ? metricValue(key, field) : undefined);

  // ---- charts (uPlot) -------------------------------------------------------------------

  const PALETTE = ['#3b82f6', '#f97316', '#10b981', '#ef4444', '#a855f7', '#eab308', '#06b6d4', '#ec4899'];
  const color = (i) => PALETTE[i % PALETTE.length];
  const charts = new Map();
  /** Time-axis ticks in whole seconds (uPlot's default would put two ticks in one second). */
  const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400];
  const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  const seconds = () => doc.series.t.map((ms) => ms / 1000);

  /** An axis whose width fits its longest label (uPlot's fixed default cuts "400 ms"). */
  function axis(format, splits, incrs) {
    return {
      incrs,
      stroke: cssVar('--muted'),
      grid: { stroke: cssVar('--grid'), width: 1 },
      ticks: { stroke: cssVar('--grid'), width: 1 },
      values: format ? (_u, ticks) => ticks.map(format) : undefined,
      splits,
      size: (_u, labels) => (labels ? Math.max(0, ...labels.map((l) => String(l).length)) * 7 + 18 : 30),
    };
  }

  /**
   * A chart slot: { key, title, series: [{ label, values }], x?, format?, bars?, xFormat? }.
   * The chart is made once per key and its data replaced on each refresh (live ticks).
   */
  function chartBlock(spec) {
    return { key: spec.key, chart: spec };
  }

  function chartOptions(spec, width) {
    const format = spec.format || fmtNum;
    return {
      width,
      height: spec.height || 220,
      cursor: { sync: { key: spec.sync === false ? undefined : 'salvo-time' }, points: { size: 5 } },
      // many series (one per request name): names only, the values would fill the card
      legend: { live: spec.series.length <= 6 },
      scales: {
        x: spec.xRange ? { time: false, range: spec.xRange } : { time: false },
        y: spec.range ? { range: spec.range } : { auto: true },
      },
      axes: [axis(spec.xFormat || fmtSeconds, spec.xSplits, spec.x ? undefined : TIME_STEPS), axis(format)],
      series: [
        { label: spec.xLabel || 'time', value: (_u, v) => (spec.xFormat || fmtSeconds)(v) },
        ...spec.series.map((s, i) => ({
          label: s.label,
          stroke: s.color || color(i),
          fill: spec.bars ? `${s.color || color(i)}99` : undefined,
          width: 1.5,
          paths: spec.bars ? uPlot.paths.bars({ size: [0.9, 40] }) : undefined,
          points: { show: false },
          spanGaps: false,
          value: (_u, v) => (v === null || v === undefined ? '-' : format(v)),
        })),
      ],
    };
  }

  function chartData(spec) {
    return [spec.x || seconds(), ...spec.series.map((s) => s.values)];
  }

  /** Makes or updates the chart in `slot` (an element kept across refreshes). */
  function drawChart(slot, spec) {
    const signature = JSON.stringify([spec.series.map((s) => s.label), spec.bars, spec.range]);
    const existing = charts.get(spec.key);
    const width = Math.max(slot.clientWidth - 16, 200);
    if (existing && existing.signature === signature && slot.contains(existing.plot.root)) {
      existing.plot.setData(chartData(spec));
      if (Math.abs(existing.plot.width - width) > 2)
        existing.plot.setSize({ width, height: existing.plot.height });
      return;
    }
    if (existing) existing.plot.destroy();
    slot.replaceChildren(h('h3', {}, spec.title));
    const plot = new uPlot(chartOptions(spec, width), chartData(spec), slot);
    charts.set(spec.key, { plot, signature });
  }

  /** A sparkline of one column on a small canvas (no uPlot: a table may hold hundreds). */
  function sparkline(values, title) {
    const width = 120;
    const height = 24;
    const ratio = window.devicePixelRatio || 1;
    const canvas = h('canvas', { class: 'spark', width: width * ratio, height: height * ratio, title });
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const ctx = canvas.getContext('2d');
    const n = values.length;
    if (n === 0) return canvas;
    // one point per pixel column: the highest of the seconds it covers
    const columns = Math.min(width, n);
    const peaks = new Array(columns).fill(0);
    for (let i = 0; i < n; i++) {
      const column = Math.floor((i * columns) / n);
      peaks[column] = Math.max(peaks[column], values[i] || 0);
    }
    const top = Math.max(...peaks, 1);
    ctx.scale(ratio, ratio);
    ctx.strokeStyle = cssVar('--accent');
    ctx.lineWidth = 1.2;
    ctx.beginPath();
    peaks.forEach((v, i) => {
      const x = columns === 1 ? width / 2 : (i / (columns - 1)) * (width - 2) + 1;
      const y = height - 2 - (v / top) * (height - 4);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
    return canvas;
  }

  // ---- tables -----------------------------------------------------------------------------

  /** A table: columns [{ label, get, format?, text?, wrap?, sort? }], rows, optional sort state. */
  function table(columns, rows, sortState, onSort) {
    let sorted = rows;
    if (sortState) {
      const column = columns[sortState.index];
      const get = column.sort || column.get;
      sorted = [...rows].sort((a, b) => {
        const x = get(a);
        const y = get(b);
        const order =
          typeof x === 'string' || typeof y === 'string'
            ? String(x ?? '').localeCompare(String(y ?? ''))
            : (x ?? -Infinity) - (y ?? -Infinity);
        return sortState.descending ? -order : order;
      });
    }
    const head = columns.map((column, index) =>
      h(
        'th',
        {
          class: [column.text || column.wrap ? 'text' : '', onSort ? 'sortable' : ''].join(' ').trim(),
          scope: 'col',
          'aria-sort':
            sortState && sortState.index === index
              ? sortState.descending
                ? 'descending'
                : 'ascending'
              : false,
          onclick: onSort ? () => onSort(index) : undefined,
        },
        column.label,
      ),
    );
    const body = sorted.map((row) =>
      h(
        'tr',
        {},
        columns.map((column) => {
          const value = column.get(row);
          const shown = column.format ? column.format(value, row) : value;
          return h(
            'td',
            {
              class: column.wrap ? 'wrap' : column.text ? 'text name' : undefined,
              title: column.text ? value : undefined,
            },
            shown,
          );
        }),
      ),
    );
    return h(
      'div',
      { class: 'scroll' },
      h('table', {}, h('thead', {}, h('tr', {}, head)), h('tbody', {}, body)),
    );
  }

  const card = (label, value, sub, tone) =>
    h(
      'div',
      { class: `card${tone ? ` ${tone}` : ''}` },
      h('div', { class: 'label' }, label),
      h('div', { class: 'value' }, value),
      sub ? h('div', { class: 'sub' }, sub) : null,
    );
  const section = (key, title, ...content) => ({ key, node: h('div', {}, h('h2', {}, title), ...content) });
  const note = (key, text, tone) => ({
    key,
    node: h('div', { class: `note${tone ? ` ${tone}` : ''}` }, text),
  });

  // ---- figures the tabs share -----------------------------------------------------------

  function thresholdRows() {
    const rows = [];
    for (const [key, entry] of Object.entries(doc.metrics)) {
      for (const [expression, outcome] of Object.entries(entry.thresholds || {})) {
        rows.push({ key, expression, outcome, contains: entry.contains });
      }
    }
    return rows;
  }

  function thresholdState(outcome) {
    if (outcome.noData) return outcome.ok ? 'no data (allowed)' : 'no data';
    return outcome.ok ? 'passed' : 'failed';
  }

  function requestNames() {
    return Object.keys(doc.series.byName).sort();
  }

  function saturationNotes() {
    return (doc.generator?.saturated || []).map((stretch, i) =>
      note(
        `saturated-${i}`,
        `⚠ Generator saturated: latencies from t=${fmtSeconds(stretch.fromMs / 1000)}–${fmtSeconds(stretch.toMs / 1000)} were measured by a saturated generator (runner ${stretch.runner}: ${stretch.reasons.join(', ')}) and include its own delay.`,
        'warn',
      ),
    );
  }

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
        finished
          ? `exit code ${doc.meta.exitCode}${doc.meta.reason ? `: ${doc.meta.reason}` : ''}`
          : undefined,
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
            title: 'Errors per second by kind',
            series: errorKinds.length
              ? errorKinds.map((kind) => ({ label: kind, values: total.errors[kind] }))
              : [{ label: 'errors', values: total.failures }],
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

  function distributionBlocks(metric) {
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
        series: [{ label: 'requests', values: d.counts }],
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
    const blocks = [...saturationNotes(), { key: 'latency-charts', grid }];
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

  function errorsTab() {
    const total = doc.series.total;
    const kinds = Object.keys(total.errors).sort();
    const plain = doc.errors.filter((e) => e.kind !== 'script');
    const script = doc.errors.filter((e) => e.kind === 'script');
    const blocks = [];
    if (kinds.length > 0) {
      blocks.push({
        key: 'errors-chart',
        grid: [
          chartBlock({
            key: 'err-kinds',
            title: 'Errors per second by kind',
            series: kinds.map((kind) => ({ label: kind, values: total.errors[kind] })),
          }),
        ],
      });
    }
    blocks.push(
      plain.length === 0
        ? note('no-errors', 'No failed request or check.')
        : section(
            'errors-table',
            'Errors by kind and name',
            table(
              [
                { label: 'Kind', get: (e) => e.kind, text: true },
                { label: 'Name', get: (e) => e.name, text: true },
                { label: 'Count', get: (e) => e.count, format: fmtInt },
                { label: 'Sample', get: (e) => e.sample, wrap: true },
              ],
              plain,
            ),
          ),
    );
    if (script.length > 0) {
      blocks.push(
        section(
          'script-errors',
          'Script errors',
          table(
            [
              { label: 'Place', get: (e) => e.name, text: true },
              { label: 'Message', get: (e) => e.message ?? e.sample, wrap: true },
              { label: 'Location', get: (e) => e.location || '-', text: true },
              { label: 'Count', get: (e) => e.count, format: fmtInt },
            ],
            script,
          ),
        ),
      );
    }
    if (doc.checks.length > 0) {
      blocks.push(
        section(
          'checks',
          'Checks',
          table(
            [
              { label: 'Check', get: (c) => c.name, text: true },
              { label: 'Passes', get: (c) => c.passes, format: fmtInt },
              {
                label: 'Fails',
                get: (c) => c.fails,
                format: (v) => (v > 0 ? h('span', { class: 'bad-text' }, fmtInt(v)) : fmtInt(v)),
              },
              { label: 'Pass rate', get: (c) => c.passes / Math.max(c.passes + c.fails, 1), format: fmtPct },
            ],
            doc.checks,
          ),
        ),
      );
    }
    return blocks;
  }

  function thresholdsTab() {
    const rows = thresholdRows();
    if (rows.length === 0) return [note('none', 'This test has no thresholds.')];
    const tone = (state) => (state === 'passed' || state === 'no data (allowed)' ? 'ok-text' : 'bad-text');
    const actual = (r) =>
      r.outcome.actual === undefined
        ? '-'
        : r.contains === 'time'
          ? fmtMs(r.outcome.actual)
          : fmtNum(r.outcome.actual);
    return [
      section(
        'thresholds-table',
        live && !finished ? 'Thresholds (as evaluated so far)' : 'Thresholds',
        table(
          [
            { label: 'Metric', get: (r) => r.key, text: true },
            { label: 'Expression', get: (r) => r.expression, text: true },
            {
              label: 'State',
              get: (r) => thresholdState(r.outcome),
              format: (state) => h('span', { class: tone(state) }, state),
              text: true,
            },
            { label: 'Actual', get: (r) => r.outcome.actual, format: (_v, r) => actual(r) },
          ],
          rows,
        ),
      ),
    ];
  }

  /** `{k="v",…}` of a label set, for legends. */
  const labelText = (labels) =>
    Object.keys(labels || {}).length === 0
      ? ''
      : `{${Object.entries(labels)
          .map(([k, v]) => `${k}="${v}"`)
          .join(',')}}`;

  /** How a server series' values read, by its unit (results/server.ts). */
  function serverFormat(unit) {
    if (unit === 'ms') return fmtMs;
    if (unit === 'bytes') return fmtBytes;
    if (unit === 'ratio') return fmtPct;
    return unit ? (v) => `${fmtNum(v)} ${unit}` : fmtNum;
  }

  function serverTab() {
    const { targets = [], series = [] } = doc.server;
    const blocks = [];
    if (targets.length > 0) {
      blocks.push(
        section(
          'scrape-targets',
          'Scraped endpoints',
          table(
            [
              { label: 'Endpoint', get: (t) => t.url, text: true },
              { label: 'Every', get: (t) => t.intervalMs, format: fmtDurationMs },
              { label: 'Scrapes', get: (t) => t.scrapes, format: fmtInt },
              {
                label: 'Failed',
                get: (t) => t.failures,
                format: (v) => (v > 0 ? h('span', { class: 'bad-text' }, fmtInt(v)) : fmtInt(v)),
              },
              { label: 'Last error', get: (t) => t.lastError || '-', wrap: true },
              { label: 'Series dropped', get: (t) => t.droppedSeries, format: fmtInt },
            ],
            targets,
          ),
        ),
      );
    }
    if (series.length === 0) return [...blocks, note('none', 'No service metrics were kept.')];
    // one chart per metric, figure and unit, a line per label set (and endpoint), on the run's time axis
    const multipleTargets = new Set(series.map((s) => s.target)).size > 1;
    const groups = new Map();
    for (const s of series) {
      const key = `${s.name}|${s.stat}|${s.unit}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(s);
    }
    const runEnd = ((doc.series.t.at(-1) ?? 0) + 1000) / 1000;
    const grid = [];
    for (const [key, group] of groups) {
      const joined = uPlot.join(
        group.map((s) => [s.points.map((p) => p[0] / 1000), s.points.map((p) => p[1])]),
      );
      const { name, stat, unit } = group[0];
      grid.push(
        chartBlock({
          key: `server-${key}`,
          title: `${name}: ${stat}${unit ? ` (${unit})` : ''}`,
          x: joined[0],
          xRange: [0, runEnd],
          format: serverFormat(unit),
          series: group.map((s, j) => ({
            label: `${labelText(s.labels) || name}${multipleTargets ? ` @ ${s.target}` : ''}`,
            values: joined[j + 1],
          })),
        }),
      );
    }
    return [...blocks, { key: 'server-charts', grid }];
  }

  function keyValueTable(pairs) {
    return table(
      [
        { label: 'Field', get: (p) => p[0], text: true },
        { label: 'Value', get: (p) => p[1], wrap: true },
      ],
      pairs.filter((p) => p[1] !== undefined && p[1] !== ''),
    );
  }

  function runTab() {
    const m = doc.meta;
    const blocks = [
      section(
        'meta',
        'Run',
        keyValueTable([
          ['test', m.test],
          ['test id', m.testId],
          ['started', m.startedAt],
          ['ended', m.endedAt],
          ['duration', m.durationMs === undefined ? undefined : fmtDurationMs(m.durationMs)],
          ['outcome', m.outcome ?? m.state],
          ['exit code', m.exitCode === undefined ? undefined : String(m.exitCode)],
          ['reason', m.reason],
          ['transport', m.transport],
          ['salvo', m.salvoVersion],
          ['node', m.node],
          ['host', m.host],
        ]),
      ),
    ];
    if (m.runners?.length) {
      blocks.push(
        section(
          'runners',
          'Runners',
          table(
            [
              { label: 'Runner', get: (r) => r.id, text: true },
              { label: 'Kind', get: (r) => r.kind, text: true },
              { label: 'Segment', get: (r) => r.segment, text: true },
            ],
            m.runners,
          ),
        ),
      );
    }
    const scenarios = Object.entries(doc.options?.scenarios || {});
    if (scenarios.length > 0) {
      blocks.push(
        section(
          'scenarios',
          'Scenarios',
          table(
            [
              { label: 'Scenario', get: (s) => s[0], text: true },
              { label: 'Executor', get: (s) => s[1].type, text: true },
              {
                label: 'Settings',
                get: (s) =>
                  Object.entries(s[1])
                    .filter(([k]) => k !== 'type')
                    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
                    .join(', '),
                wrap: true,
              },
            ],
            scenarios,
          ),
        ),
      );
    }
    const gen = doc.series.generator;
    blocks.push(...saturationNotes(), {
      key: 'generator-charts',
      grid: [
        chartBlock({
          key: 'gen-load',
          title: 'Generator load (busiest runner; 1 = one core)',
          series: [
            { label: 'event-loop utilisation', values: gen.elu },
            { label: 'CPU', values: gen.cpu },
            { label: 'CPU wait', values: gen.cpuWait },
          ],
          format: (v) => v.toFixed(2),
        }),
        chartBlock({
          key: 'gen-delay',
          title: 'Generator event-loop delay',
          format: fmtMs,
          series: [
            { label: 'p99', values: gen.eventLoopDelayP99Ms },
            { label: 'max', values: gen.eventLoopDelayMaxMs },
          ],
        }),
      ],
    });
    const peaks = Object.entries(doc.generator?.runners || {});
    if (peaks.length > 0) {
      blocks.push(
        section(
          'generator-peaks',
          'Generator: each runner’s busiest second',
          table(
            [
              { label: 'Runner', get: (p) => p[0], text: true },
              { label: 'ELU', get: (p) => p[1].elu, format: (v) => v.toFixed(2) },
              { label: 'CPU', get: (p) => p[1].cpu, format: (v) => v.toFixed(2) },
              {
                label: 'CPU wait',
                get: (p) => p[1].cpuWait,
                format: (v) => (v === undefined ? '-' : v.toFixed(2)),
              },
              { label: 'loop delay p99', get: (p) => p[1].eventLoopDelayP99Ms, format: fmtMs },
              { label: 'loop delay max', get: (p) => p[1].eventLoopDelayMaxMs, format: fmtMs },
            ],
            peaks,
          ),
        ),
      );
    }
    const { scenarios: _s, ...otherOptions } = doc.options || {};
    blocks.push(section('options', 'Options', h('pre', {}, JSON.stringify(otherOptions, null, 2))));
    return blocks;
  }

  const TABS = [
    { id: 'overview', label: 'Overview', render: overviewTab },
    { id: 'requests', label: 'Requests', render: requestsTab },
    { id: 'latency', label: 'Latency', render: latencyTab },
    { id: 'errors', label: 'Errors', render: errorsTab },
    { id: 'thresholds', label: 'Thresholds', render: thresholdsTab },
    { id: 'server', label: 'Server', render: serverTab, when: () => Boolean(doc.server) },
    { id: 'run', label: 'Run', render: runTab },
  ];

  // ---- layout: tabs and the blocks of the visible one -------------------------------------

  const panels = new Map();

  /** Puts a tab's blocks in its panel, keeping chart slots (and their uPlot) across refreshes. */
  function place(panel, blocks) {
    const kept = new Map([...panel.children].map((el) => [el.dataset.key, el]));
    const order = [];
    const drawQueue = [];
    for (const block of blocks) {
      let el;
      if (block.grid) {
        el = kept.get(block.key);
        if (!el?.classList.contains('charts')) el = h('div', { class: 'charts', 'data-key': block.key });
        const slots = new Map([...el.children].map((slot) => [slot.dataset.key, slot]));
        const slotOrder = block.grid.map((item) => {
          const slot = slots.get(item.key) || h('div', { class: 'chart', 'data-key': item.key });
          drawQueue.push([slot, item.chart]);
          return slot;
        });
        el.replaceChildren(...slotOrder);
      } else {
        el = block.node;
        el.dataset.key = block.key;
      }
      order.push(el);
    }
    panel.replaceChildren(...order);
    for (const [slot, spec] of drawQueue) drawChart(slot, spec);
    for (const [key, entry] of charts)
      if (!document.body.contains(entry.plot.root)) {
        entry.plot.destroy();
        charts.delete(key);
      }
  }

  function showTab(id) {
    activeTab = id;
    for (const button of byId('tabs').children) {
      const selected = button.dataset.tab === id;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
    }
    for (const [tabId, panel] of panels) panel.hidden = tabId !== id;
    if (location.hash !== `#${id}`) history.replaceState(null, '', `#${id}`);
    refresh();
  }

  function buildTabs() {
    const visible = TABS.filter((tab) => !tab.when || tab.when());
    const nav = byId('tabs');
    if (nav.children.length === visible.length) return;
    nav.replaceChildren(
      ...visible.map((tab) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            'data-tab': tab.id,
            id: `tab-${tab.id}`,
            onclick: () => showTab(tab.id),
          },
          tab.label,
        ),
      ),
    );
    for (const tab of visible) {
      if (panels.has(tab.id)) continue;
      const panel = h('section', {
        class: 'panel',
        role: 'tabpanel',
        id: `panel-${tab.id}`,
        'aria-labelledby': `tab-${tab.id}`,
      });
      panels.set(tab.id, panel);
      byId('panels').append(panel);
    }
  }

  function header() {
    byId('test-name').textContent = doc.meta.test;
    document.title = `Salvo${live ? (finished ? ' (ended)' : ' (live)') : ' report'}: ${doc.meta.test}`;
    const state = byId('state');
    if (live && !finished) {
      const elapsed = doc.series.t.length;
      const planned = doc.meta.plannedDurationMs
        ? ` of ${fmtSeconds(doc.meta.plannedDurationMs / 1000)}`
        : '';
      state.textContent = `● ${doc.meta.state === 'stopping' ? 'stopping' : 'live'} · ${fmtSeconds(elapsed)}${planned}`;
      state.className = 'state warn-text';
    } else {
      state.textContent = `${doc.meta.outcome.replace(/_/g, ' ')} · ${fmtDurationMs(doc.meta.durationMs)}`;
      state.className = `state ${doc.meta.outcome === 'passed' ? 'ok-text' : 'bad-text'}`;
    }
  }

  /** Redraws the header and the visible tab from `doc`. */
  function refresh() {
    if (!doc) return;
    buildTabs();
    header();
    const tab = TABS.find((t) => t.id === activeTab && (!t.when || t.when())) || TABS[0];
    if (tab.id !== activeTab) return showTab(tab.id);
    place(panels.get(tab.id), tab.render());
  }

  function start() {
    buildTabs();
    const wanted = location.hash.slice(1);
    showTab(TABS.some((t) => t.id === wanted) ? wanted : 'overview');
    let resizeTimer;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(refresh, 150);
    });
    requestAnimationFrame(() => {
      document.body.dataset.ready = 'true';
    });
  }

  // ---- live mode --------------------------------------------------------------------------

  /** Appends a tick's new seconds at the same paths; columns that did not exist start with nulls. */
  function appendColumns(target, added, before) {
    for (const [key, value] of Object.entries(added)) {
      if (Array.isArray(value)) {
        if (!Array.isArray(target[key])) target[key] = new Array(before).fill(null);
        target[key].push(...value);
      } else if (value && typeof value === 'object') {
        if (!target[key] || typeof target[key] !== 'object') target[key] = {};
        appendColumns(target[key], value, before);
      }
    }
  }

  /** Pads every column shorter than `length` (a kind or name that had no entry this tick). */
  function padColumns(target, length) {
    for (const value of Object.values(target)) {
      if (Array.isArray(value)) while (value.length < length) value.push(null);
      else if (value && typeof value === 'object') padColumns(value, length);
    }
  }

  /** A tick's server section: new points by series index (a new series whole); targets replace. */
  function appendServer(tail) {
    if (!doc.server) doc.server = { targets: [], series: [] };
    doc.server.targets = tail.targets;
    tail.series.forEach((series, index) => {
      const known = doc.server.series[index];
      if (known) known.points.push(...series.points);
      else doc.server.series[index] = series;
    });
  }

  function onTick(tick) {
    if (!doc) return;
    const before = doc.series.t.length;
    appendColumns(doc.series, tick.series, before);
    padColumns(doc.series, doc.series.t.length);
    for (const field of ['meta', 'metrics', 'errors', 'checks', 'generator']) doc[field] = tick[field];
    if (tick.server) appendServer(tick.server);
    refresh();
  }

  function connect() {
    const stop = byId('stop');
    stop.hidden = false;
    stop.addEventListener('click', async () => {
      if (!confirm('Stop the test? Running iterations get their graceful stop, then the run ends.')) return;
      stop.disabled = true;
      stop.textContent = 'Stopping…';
      try {
        const response = await fetch(config.stopPath, {
          method: 'POST',
          headers: { 'x-salvo-stop': config.stopToken },
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
      } catch (error) {
        stop.disabled = false;
        stop.textContent = 'Stop test';
        byId('state').textContent = `stop failed: ${error.message}`;
      }
    });
    const events = new EventSource(config.eventsPath);
    let started = false;
    events.addEventListener('snapshot', (event) => {
      doc = JSON.parse(event.data).doc;
      if (!started) {
        started = true;
        start();
      } else refresh();
    });
    events.addEventListener('tick', (event) => onTick(JSON.parse(event.data)));
    events.addEventListener('end', (event) => {
      doc = JSON.parse(event.data).doc;
      finished = true;
      events.close();
      stop.hidden = true;
      if (!started) {
        started = true;
        start();
      } else refresh();
    });
    events.addEventListener('error', () => {
      if (!finished) byId('state').textContent = '○ disconnected: reconnecting…';
    });
  }

  if (live) connect();
  else start();
})();
