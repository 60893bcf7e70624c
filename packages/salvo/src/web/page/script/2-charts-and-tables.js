// Part of the page script (see 1-state-and-format.js): charts (uPlot), sparklines, sortable tables, cards, and the figures the tabs share.
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

/**
 * A run with a fault proxy: a series block's failures per second, the service's own (real)
 * and the injected ones apart (`injectedFailures`, docs/proxy.md); none in other runs.
 */
function failureSplit(block) {
  const injected = block.injectedFailures;
  if (!injected) return [];
  return [
    { label: 'real failures', values: block.failures.map((f, i) => f - injected[i]), color: '#ef4444' },
    { label: 'injected failures', values: injected, color: '#f59e0b' },
  ];
}

/** The errors chart's title: by kind, and real apart from injected when a fault proxy ran. */
function errorsTitle(block) {
  return block.injectedFailures
    ? 'Errors per second by kind; failures real and injected'
    : 'Errors per second by kind';
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
    // time charts: a dashed line at each change point of the run (docs/results.md#changepoints)
    hooks: spec.x ? {} : { draw: [markChangePoints] },
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

/** The seconds where the run's p95 or error rate shifted (the report's; a live run has none yet). */
const changeSeconds = () => [...new Set((doc.changePoints || []).map((point) => point.atMs / 1000))];

/** Draws the change points as dashed vertical lines over the plot area. */
function markChangePoints(u) {
  const marks = changeSeconds();
  if (marks.length === 0) return;
  const { ctx, bbox } = u;
  ctx.save();
  ctx.strokeStyle = cssVar('--warn');
  ctx.lineWidth = 1.5;
  ctx.setLineDash([5, 4]);
  for (const second of marks) {
    const x = Math.round(u.valToPos(second, 'x', true));
    if (x < bbox.left || x > bbox.left + bbox.width) continue;
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
  }
  ctx.restore();
}

/** One line a change point, above the latency charts, naming what the dashed lines mark. */
function changePointNotes() {
  const points = doc.changePoints || [];
  if (points.length === 0) return [];
  const text = (point) => {
    const value = point.series === 'error_rate' ? fmtPct : fmtMs;
    const what = point.series === 'error_rate' ? 'error rate' : 'p95';
    return `${point.name ?? 'all requests'}: ${what} ${value(point.before)} → ${value(point.after)} at t=${fmtSeconds(point.atMs / 1000)}`;
  };
  return [
    {
      key: 'change-points',
      node: h(
        'div',
        { class: 'note', id: 'change-points' },
        h('strong', {}, 'Change points (dashed lines): '),
        points.map(text).join('; '),
      ),
    },
  ];
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
