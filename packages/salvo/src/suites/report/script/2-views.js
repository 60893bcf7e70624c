// This part: one view per suite document (docs/suites.md), chosen by its schema.

const LEVEL_WORD = { closed: 'VUs', open: 'req/s offered' };

/** log-spaced points between a and b, for drawing a fitted curve smoothly on a log axis. */
function grid(a, b, count) {
  return Array.from({ length: count }, (_, i) => a * (b / a) ** (i / (count - 1)));
}
const usl = (fit, n) => (fit.lambda * n) / (1 + fit.sigma * (n - 1) + fit.kappa * n * (n - 1));

function sweepView() {
  const word = LEVEL_WORD[doc.meta.model];
  const levels = doc.meta.levels;
  const fitted = doc.endpoints.filter((e) => e.usl);
  const x = [
    ...new Set([...levels, ...(fitted.length ? grid(levels[0], levels[levels.length - 1], 40) : [])]),
  ].sort((a, b) => a - b);
  const throughput = [];
  doc.endpoints.forEach((e, i) => {
    throughput.push({
      label: e.name,
      color: color(i),
      values: onX(
        x,
        e.levels.map((l) => [l.level, l.goodputRps]),
      ),
    });
    if (e.usl)
      throughput.push({
        label: `${e.name} USL fit`,
        color: color(i),
        dash: [6, 4],
        smooth: true,
        values: x.map((n) => usl(e.usl, n)),
      });
    if (e.knee)
      throughput.push({
        label: `${e.name} knee (${e.knee.level} ${word})`,
        color: color(i),
        points: true,
        size: 14,
        values: onX(x, [[e.knee.level, e.knee.goodputRps]]),
      });
  });
  const latency = doc.endpoints.flatMap((e, i) => [
    {
      label: `${e.name} p50`,
      color: color(i),
      dash: [2, 3],
      values: onX(
        x,
        e.levels.map((l) => [l.level, l.p50Ms]),
      ),
    },
    {
      label: `${e.name} p95`,
      color: color(i),
      values: onX(
        x,
        e.levels.map((l) => [l.level, l.p95Ms]),
      ),
    },
    {
      label: `${e.name} p99`,
      color: color(i),
      dash: [8, 3],
      values: onX(
        x,
        e.levels.map((l) => [l.level, l.p99Ms]),
      ),
    },
  ]);
  root.append(
    h(
      'div',
      { class: 'cards' },
      card('model', doc.meta.model, word),
      card('levels', levels.join(', ')),
      card('per level', fmtMs(doc.meta.levelDurationMs), `after ${fmtMs(doc.meta.warmupMs)} warm-up`),
    ),
    h(
      'div',
      { class: 'charts' },
      chart({
        title: `Successful requests per second against ${word}`,
        x,
        xLabel: word,
        xLog: true,
        xSplits: levels,
        series: throughput,
      }),
      chart({
        title: `Latency against ${word} (p50 dotted, p95, p99 dashed)`,
        x,
        xLabel: word,
        xLog: true,
        xSplits: levels,
        yFormat: fmtMs,
        series: latency,
      }),
    ),
  );
  for (const e of doc.endpoints) {
    root.append(h('h2', {}, e.name));
    root.append(
      note(
        e.knee
          ? `Knee at ${e.knee.level} ${word}: ${fmtNum(e.knee.goodputRps)} successful req/s (Kneedle distance ${e.knee.distance.toFixed(2)}).`
          : 'No knee: throughput kept growing with the level, or never grew.',
      ),
    );
    if (e.usl) {
      const peak =
        e.usl.peakConcurrency === null
          ? 'no peak'
          : `peak at N* = ${fmtNum(e.usl.peakConcurrency)}: ${fmtNum(e.usl.peakThroughput)} req/s`;
      root.append(
        note(
          `USL: λ = ${fmtNum(e.usl.lambda)} req/s, σ = ${e.usl.sigma.toPrecision(3)}, κ = ${e.usl.kappa.toPrecision(3)}; ${peak}; R² = ${e.usl.rSquared.toFixed(3)}${e.usl.rSquared < 0.8 ? ': a poor fit, the law does not describe these levels' : ''}.`,
        ),
      );
    }
    if (e.generatorBound.length)
      root.append(
        note(
          `Left out of the knee and the fit, the generator saturated: ${e.generatorBound.join(', ')} ${word}.`,
          'warn',
        ),
      );
    root.append(
      table(
        [word, 'req/s', 'successful req/s', 'p50', 'p95', 'p99', 'errors', 'generator CPU', 'generator'],
        e.levels.map((l) => [
          fmtNum(l.level),
          fmtNum(l.throughputRps),
          fmtNum(l.goodputRps),
          fmtMs(l.p50Ms),
          fmtMs(l.p95Ms),
          fmtMs(l.p99Ms),
          fmtPct(l.errorRate),
          fmtPct(l.generator.cpu),
          l.generator.saturated ? `saturated (${l.generator.reasons.join(', ')})` : 'ok',
        ]),
      ),
    );
  }
}

function cacheView() {
  const ok = doc.keys.filter((k) => k.status === 'ok');
  const failed = doc.keys.filter((k) => k.status === 'cold_failed');
  const s = doc.overall?.speedUp;
  root.append(
    h(
      'div',
      { class: 'cards' },
      card(
        'speed-up',
        s ? `${fmtNum(s.estimate)}x` : '-',
        s
          ? `${Math.round(s.confidence * 100)} % interval ${fmtNum(s.low)}x to ${fmtNum(s.high)}x`
          : 'no ratio',
      ),
      card('cold median', fmtMs(doc.overall?.coldMedianMs)),
      card('warm median', fmtMs(doc.overall?.warmMedianMs)),
      card(
        'hit ratio',
        doc.hitRatio ? fmtPct(doc.hitRatio.ratio) : 'not scraped',
        doc.hitRatio ? `${doc.hitRatio.hits} hits, ${doc.hitRatio.misses} misses` : undefined,
      ),
      card(
        'cold failed',
        String(failed.length),
        `of ${doc.keys.length} keys`,
        failed.length ? 'bad' : undefined,
      ),
    ),
  );
  if (s)
    root.append(
      note(
        `Speed-up: median cold over median warm latency; interval by ${s.method}, ${s.resamples} resamples.`,
      ),
    );
  const x = ok.map((_, i) => i + 1);
  if (ok.length) {
    root.append(
      h(
        'div',
        { class: 'charts' },
        chart({
          title: 'Cold and warm latency per key (log scale; x: key number, see the table)',
          x,
          xLabel: 'key',
          xSplits: x,
          xRange: [0.5, ok.length + 0.5],
          yLog: true,
          yFormat: fmtMs,
          series: [
            { label: 'cold', points: true, values: ok.map((k) => k.coldMs) },
            { label: 'warm p50', points: true, values: ok.map((k) => (k.warm ? k.warm.p50Ms : null)) },
            {
              label: 'warm p95',
              points: true,
              size: 6,
              values: ok.map((k) => (k.warm ? k.warm.p95Ms : null)),
            },
          ],
        }),
      ),
    );
  }
  root.append(
    table(
      ['key', 'status', 'cold', 'warm p50', 'warm p95', 'warm p99', 'warm requests', 'speed-up'],
      doc.keys.map((k) => [
        `${k.status === 'ok' ? `${ok.indexOf(k) + 1}. ` : ''}${k.key}`,
        k.status === 'ok' ? 'ok' : `cold request failed: ${k.coldError}`,
        fmtMs(k.coldMs),
        fmtMs(k.warm?.p50Ms),
        fmtMs(k.warm?.p95Ms),
        fmtMs(k.warm?.p99Ms),
        k.warm ? `${k.warm.count}${k.warm.failures ? ` (${k.warm.failures} failed)` : ''}` : '-',
        k.speedUp === null ? '-' : `${fmtNum(k.speedUp)}x`,
      ]),
    ),
  );
}

const CAPACITY_ENDS = {
  narrowed: 'the bracket narrowed to the precision asked for',
  max_rate_held: 'the highest rate asked for held (--max-rate)',
  first_step_failed: 'the first step already failed',
  generator_saturated: 'the load generator saturated, not the service: the service may hold more',
  interrupted: 'interrupted',
};

function capacityView() {
  const steps = doc.steps;
  const held = steps.filter((s) => s.holds);
  const x = [...new Set(steps.map((s) => s.rateRps))].sort((a, b) => a - b);
  const byRate = (list, pick) =>
    onX(
      x,
      list.map((s) => [s.rateRps, pick(s)]),
    );
  root.append(
    h(
      'div',
      { class: 'cards' },
      card(
        'sustainable rate',
        doc.sustainableRps === null ? 'none' : `${fmtNum(doc.sustainableRps)} req/s`,
        CAPACITY_ENDS[doc.end],
        doc.end === 'generator_saturated' ? 'bad' : 'ok',
      ),
      card('failed at', doc.failedRps === null ? '-' : `${fmtNum(doc.failedRps)} req/s`),
      card(
        'steps',
        String(steps.length),
        `${fmtMs(doc.meta.stepDurationMs)} each after ${fmtMs(doc.meta.warmupMs)} warm-up`,
      ),
    ),
    note(
      `SLO: ${Object.entries(doc.meta.slo)
        .flatMap(([k, list]) => list.map((e) => `${k} ${e}`))
        .join(', ')}.`,
      doc.end === 'generator_saturated' ? 'warn' : undefined,
    ),
    h(
      'div',
      { class: 'charts' },
      chart({
        title: 'p99 latency against the offered rate (held: green, failed: red)',
        x,
        xLabel: 'req/s offered',
        yFormat: fmtMs,
        series: [
          { label: 'held', points: true, color: '#15803d', values: byRate(held, (s) => s.p99Ms) },
          {
            label: 'failed',
            points: true,
            color: '#c62828',
            values: byRate(
              steps.filter((s) => !s.holds),
              (s) => s.p99Ms,
            ),
          },
        ],
      }),
      chart({
        title: 'Throughput done against the rate offered',
        x,
        xLabel: 'req/s offered',
        series: [
          { label: 'done', points: true, values: byRate(steps, (s) => s.throughputRps) },
          { label: 'offered', dash: [4, 4], values: x },
        ],
      }),
    ),
    table(
      [
        'step',
        'phase',
        'offered',
        'done',
        'p50',
        'p95',
        'p99',
        'errors',
        'dropped',
        'SLO (actual)',
        'verdict',
      ],
      steps.map((s, i) => [
        String(i + 1),
        s.phase,
        `${fmtNum(s.rateRps)} req/s`,
        fmtNum(s.throughputRps),
        fmtMs(s.p50Ms),
        fmtMs(s.p95Ms),
        fmtMs(s.p99Ms),
        fmtPct(s.errorRate),
        String(s.droppedIterations),
        s.slo
          .map(
            (o) =>
              `${o.key} ${o.expression}: ${o.actual === null ? 'no data' : fmtNum(o.actual)} ${o.ok ? 'ok' : 'crossed'}`,
          )
          .join('; '),
        s.holds ? 'holds' : `fails: ${s.reasons.join('; ')}`,
      ]),
    ),
  );
}

({ 'salvo/sweep': sweepView, 'salvo/cache': cacheView, 'salvo/capacity': capacityView })[doc.schema]();
// the charts draw in the next frame (at the card's width): the page is ready after it
requestAnimationFrame(() => requestAnimationFrame(() => document.body.setAttribute('data-ready', '')));
