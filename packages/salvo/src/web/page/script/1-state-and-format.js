// Salvo's page script (web/page/): draws a results document (docs/results.md) in tabs.
// Report mode reads the document inlined in #salvo-doc; live mode builds it from the
// dashboard's server-sent events (web/contract.ts: snapshot, tick, end). Plain browser
// JavaScript, no network beyond the live page's own server. All user text (request names,
// error samples, labels) goes into the DOM as text nodes, never as HTML.
//
// The script is in parts, one file each, that web/page/assets.ts joins in file-name order
// inside one function, so they share its names. This part: the state the page draws
// from, DOM helpers and number formats.
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
