// Part of the page script (see 1-state-and-format.js): tabs and their panels, the header, the start, and live mode (server-sent events).
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
    const planned = doc.meta.plannedDurationMs ? ` of ${fmtSeconds(doc.meta.plannedDurationMs / 1000)}` : '';
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
