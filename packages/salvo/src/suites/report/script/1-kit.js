// The suite page's script: suites/report/suite-page.ts joins its parts (this folder's .js files,
// in file-name order) inside one function, so they share its names.
// This part: the document, DOM helpers, number formats, tables and uPlot charts. All user
// text (URLs, keys, request names) goes into the DOM as text nodes, never as HTML.
const doc = JSON.parse(document.getElementById('salvo-suite').textContent);
const root = document.getElementById('suite');

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const fmtNum = (n) => (n === undefined || n === null ? '-' : numberFormat.format(n));
const fmtPct = (r) => (r === undefined || r === null ? '-' : `${(r * 100).toFixed(2)} %`);
function fmtMs(ms) {
  if (ms === undefined || ms === null) return '-';
  if (ms >= 1000) return `${(ms / 1000).toPrecision(3)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  return `${ms.toPrecision(3)} ms`;
}

const PALETTE = ['#3b82f6', '#f97316', '#10b981', '#ef4444', '#a855f7', '#eab308', '#06b6d4', '#ec4899'];
const color = (i) => PALETTE[i % PALETTE.length];
const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function card(label, value, sub, tone) {
  return h(
    'div',
    { class: `card${tone ? ` ${tone}` : ''}` },
    h('div', { class: 'label' }, label),
    h('div', { class: 'value' }, value),
    sub ? h('div', { class: 'sub' }, sub) : null,
  );
}

function table(headers, rows) {
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((text, i) => h('th', { class: i === 0 ? 'text' : undefined }, text)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((cell, i) => h('td', { class: i === 0 ? 'text' : undefined }, cell)),
          ),
        ),
      ),
    ),
  );
}

function axis(format, splits) {
  return {
    splits: splits ? () => splits : undefined,
    stroke: cssVar('--muted'),
    grid: { stroke: cssVar('--grid'), width: 1 },
    ticks: { stroke: cssVar('--grid'), width: 1 },
    values: format ? (_u, ticks) => ticks.map((t) => (t === null ? '' : format(t))) : undefined,
    size: (_u, labels) => (labels ? Math.max(0, ...labels.map((l) => String(l).length)) * 7 + 18 : 30),
  };
}

/**
 * A chart: { title, x, xLabel, xLog, xSplits (the x ticks), xRange, xFormat, yFormat, yLog,
 * series: [{ label, values, color, dash, points (markers only, no line), size, smooth (a line
 * with no markers) }] }. Drawn once, at the card's width.
 */
function chart(spec) {
  const box = h('div', { class: 'chart' }, h('h3', {}, spec.title));
  const draw = () => {
    const width = Math.max(box.clientWidth - 16, 280);
    const series = spec.series.map((s, i) => ({
      label: s.label,
      stroke: s.color || color(i),
      width: s.points ? 0 : 1.5,
      dash: s.dash,
      paths: s.points ? () => null : undefined,
      points: s.points
        ? { show: true, size: s.size || 10, fill: s.color || color(i) }
        : { show: !s.smooth, size: 5 },
      spanGaps: true,
      value: (_u, v) => (v === null || v === undefined ? '-' : (spec.yFormat || fmtNum)(v)),
    }));
    const options = {
      width,
      height: 260,
      legend: { live: true },
      scales: {
        x: { time: false, distr: spec.xLog ? 3 : 1, range: spec.xRange },
        y: { distr: spec.yLog ? 3 : 1, auto: true },
      },
      axes: [axis(spec.xFormat || fmtNum, spec.xSplits), axis(spec.yFormat || fmtNum)],
      series: [
        {
          label: spec.xLabel,
          value: (_u, v) => (v === null || v === undefined ? '-' : (spec.xFormat || fmtNum)(v)),
        },
        ...series,
      ],
    };
    new uPlot(options, [spec.x, ...spec.series.map((s) => s.values)], box);
  };
  requestAnimationFrame(draw);
  return box;
}

/** Points of one series placed on a shared x: null where it has no value. */
function onX(x, points) {
  const byX = new Map(points.map(([px, py]) => [px, py]));
  return x.map((value) => (byX.has(value) ? byX.get(value) : null));
}

function note(text, tone) {
  return h('p', { class: `note${tone ? ` ${tone}` : ''}` }, text);
}
