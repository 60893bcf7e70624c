// This part: the capacity search's view (docs/suites.md#salvo-capacity).

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
