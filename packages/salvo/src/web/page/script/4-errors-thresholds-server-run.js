// Part of the page script (see 1-state-and-format.js): the Errors, Thresholds, Server and Run tabs.
/** What the run's fault proxy injected, per fault and per request name, beside the real requests. */
function faultsSection(faults) {
  const rows = [
    ...faults.byName,
    {
      name: 'real (not injected)',
      fault: '',
      requests: faults.real.requests,
      failures: faults.real.failures,
    },
  ];
  return section(
    'faults',
    `Faults injected (proxy ${faults.proxy} in front of ${faults.target})`,
    table(
      [
        { label: 'Fault', get: (f) => f.name, text: true },
        { label: 'Kind', get: (f) => f.kind, text: true },
        { label: 'Eligible', get: (f) => f.eligible, format: fmtInt },
        { label: 'Injected', get: (f) => f.injected, format: fmtInt },
      ],
      faults.faults,
    ),
    table(
      [
        { label: 'Request name', get: (r) => r.name, text: true },
        { label: 'Fault', get: (r) => r.fault || '-', text: true },
        { label: 'Requests', get: (r) => r.requests, format: fmtInt },
        { label: 'Failed', get: (r) => r.failures, format: fmtInt },
      ],
      rows,
    ),
  );
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
          title: errorsTitle(total),
          series: [
            ...failureSplit(total),
            ...kinds.map((kind) => ({ label: kind, values: total.errors[kind] })),
          ],
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
              // injected by the run's fault proxy (docs/proxy.md); empty for a real failure
              { label: 'Injected', get: (e) => e.fault ?? '', text: true },
              { label: 'Sample', get: (e) => e.sample, wrap: true },
            ],
            plain,
          ),
        ),
  );
  if (doc.faults) blocks.push(faultsSection(doc.faults));
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
  { id: 'streams', label: 'Streams', render: streamsTab, when: hasStreams },
  { id: 'errors', label: 'Errors', render: errorsTab },
  { id: 'thresholds', label: 'Thresholds', render: thresholdsTab },
  { id: 'server', label: 'Server', render: serverTab, when: () => Boolean(doc.server) },
  { id: 'run', label: 'Run', render: runTab },
];
