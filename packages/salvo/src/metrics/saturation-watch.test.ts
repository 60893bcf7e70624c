import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metricSummaries } from '../results/index.ts';
import { createAggregator } from './aggregator.ts';
import { SATURATION_LIMITS, saturationReasons } from './generator-load.ts';
import { SaturationWatch } from './saturation-watch.ts';
import type { GeneratorLoad, IntervalSnapshot } from './types.ts';

const ROOM: GeneratorLoad = {
  eventLoopDelayP99Ms: 2,
  eventLoopDelayMaxMs: 9,
  elu: 0.4,
  cpu: 0.35,
  cpuWait: 0.02,
};
const HOT: GeneratorLoad = {
  eventLoopDelayP99Ms: 120,
  eventLoopDelayMaxMs: 300,
  elu: 0.99,
  cpu: 0.97,
  cpuWait: 0.1,
};

function feed(watch: SaturationWatch, runner: string, loads: readonly GeneratorLoad[]): void {
  for (const [index, load] of loads.entries()) {
    watch.add(runner, { index, fromMs: index * 1000, toMs: (index + 1) * 1000, load });
  }
}

test('each limit alone makes an interval saturated; at the limit counts', () => {
  assert.deepEqual(saturationReasons(ROOM), []);
  assert.deepEqual(saturationReasons({ ...ROOM, elu: SATURATION_LIMITS.elu }), ['elu']);
  assert.deepEqual(saturationReasons({ ...ROOM, cpu: 0.95 }), ['cpu']);
  assert.deepEqual(saturationReasons({ ...ROOM, cpuWait: 0.3 }), ['cpu_wait']);
  assert.deepEqual(saturationReasons({ ...ROOM, eventLoopDelayP99Ms: 50 }), ['event_loop_delay']);
  assert.deepEqual(
    saturationReasons({ ...ROOM, eventLoopDelayP99Ms: 49.9, elu: 0.89, cpu: 0.89, cpuWait: 0.24 }),
    [],
  );
  const { cpuWait: _, ...offLinux } = ROOM;
  assert.deepEqual(saturationReasons(offLinux), [], 'no cpuWait reading is no wait');
});

test('one busy second is not saturation; two in a row are, and both seconds are in the stretch', () => {
  const watch = new SaturationWatch();
  feed(watch, 'main', [ROOM, HOT, ROOM, HOT, HOT, HOT, ROOM]);
  assert.deepEqual(watch.saturatedAt(1), []);
  assert.deepEqual(watch.saturatedAt(3), []);
  assert.deepEqual(watch.saturatedAt(4), ['main']);
  assert.deepEqual(watch.saturatedAt(5), ['main']);
  assert.deepEqual(watch.saturatedAt(6), []);
  const { saturated, runners, limits } = watch.section();
  assert.deepEqual(limits, SATURATION_LIMITS);
  assert.deepEqual(saturated, [
    {
      runner: 'main',
      fromMs: 3000,
      toMs: 6000,
      reasons: ['elu', 'cpu', 'event_loop_delay'],
      peak: { elu: 0.99, cpu: 0.97, cpuWait: 0.1, eventLoopDelayP99Ms: 120, eventLoopDelayMaxMs: 300 },
    },
  ]);
  assert.deepEqual(runners.main, saturated[0]!.peak);
});

test("a gap in a runner's intervals breaks a stretch; runners are judged apart", () => {
  const watch = new SaturationWatch();
  const at = (index: number, load: GeneratorLoad) => ({
    index,
    fromMs: index * 1000,
    toMs: index * 1000 + 1000,
    load,
  });
  watch.add('t0', at(0, HOT));
  watch.add('t0', at(2, HOT)); // interval 1 never arrived
  feed(watch, 't1', [ROOM, { ...ROOM, cpuWait: 0.6 }, { ...ROOM, cpuWait: 0.5 }]);
  const { saturated } = watch.section();
  assert.deepEqual(
    saturated.map(({ runner, fromMs, toMs, reasons }) => ({ runner, fromMs, toMs, reasons })),
    [{ runner: 't1', fromMs: 1000, toMs: 3000, reasons: ['cpu_wait'] }],
  );
  assert.deepEqual(watch.saturatedAt(2), ['t1']);
});

function snapshot(
  runnerId: string,
  index: number,
  generator: GeneratorLoad,
  lengthMs = 1000,
): IntervalSnapshot {
  const startMs = 1_700_000_000_000 + index * 1000;
  return { runnerId, index, startMs, endMs: startMs + lengthMs, series: [], generator };
}

test('the aggregator keeps the load as gauges, columns and a section, and flags the saturated seconds', () => {
  const aggregator = createAggregator();
  const views = [
    aggregator.addInterval([snapshot('t0', 0, ROOM), snapshot('t1', 0, ROOM)]),
    aggregator.addInterval([snapshot('t0', 1, HOT), snapshot('t1', 1, ROOM)]),
    aggregator.addInterval([snapshot('t0', 2, HOT), snapshot('t1', 2, ROOM)]),
    // the last interval, cut short by the stop: a few ms say nothing
    aggregator.addInterval([snapshot('t0', 3, HOT, 40), snapshot('t1', 3, HOT, 40)]),
  ];
  assert.deepEqual(
    views.map((view) => view.generator?.saturated),
    [[], [], ['t0'], undefined],
  );
  const columns = aggregator.data.columns.generator;
  assert.deepEqual(columns.saturated, [false, true, true, false]);
  assert.deepEqual(columns.cpu, [0.35, 0.97, 0.97, null]);
  assert.deepEqual(columns.eventLoopDelayP99Ms, [2, 120, 120, null]);

  const section = aggregator.data.generator();
  assert.deepEqual(
    section.saturated.map(({ runner, fromMs, toMs }) => ({ runner, fromMs, toMs })),
    [{ runner: 't0', fromMs: 1000, toMs: 3000 }],
  );
  assert.equal(section.runners.t1!.cpu, 0.35, 't1 had room: its cut-short last interval is not a reading');

  const metrics = metricSummaries(aggregator.data.cumulative, 4000);
  assert.deepEqual(metrics.generator_cpu?.values, { value: 0.97, min: 0.35, max: 0.97 });
  assert.deepEqual(metrics.generator_event_loop_delay, {
    type: 'gauge',
    contains: 'time',
    values: { value: 120, min: 2, max: 120 },
  });
  assert.deepEqual(aggregator.data.cumulative.query('generator_elu', { runner: 't1' }, 4000)?.values, {
    value: 0.4,
    min: 0.4,
    max: 0.4,
  });
});

test("an interval's load is the busiest runner, figure by figure", () => {
  const aggregator = createAggregator();
  const view = aggregator.addInterval([
    snapshot('t0', 0, { ...ROOM, cpu: 0.8 }),
    snapshot('t1', 0, { ...ROOM, elu: 0.7 }),
  ]);
  assert.deepEqual(view.generator?.load, { ...ROOM, cpu: 0.8, elu: 0.7 });
});
