// This part: the cache test's view (docs/suites.md#salvo-cache).

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
