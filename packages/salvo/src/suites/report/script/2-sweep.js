// This part: the sweep's view (docs/suites.md#salvo-sweep).

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
