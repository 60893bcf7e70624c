import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createAggregator,
  createRecorder,
  decodeHistogram,
  type IntervalSnapshot,
} from '../metrics/index.ts';
import { SnapshotDecoder, SnapshotEncoder, type WireSnapshot } from './snapshot-wire.ts';

/** One second of a runner: every series type, a sample, two request names; `extra` adds a name. */
function second(index: number, extra = false): IntervalSnapshot {
  const recorder = createRecorder('r1');
  for (let i = 0; i < 50; i++) {
    const tags = { name: i % 2 ? '/a' : '/b', method: 'GET', status: '200', scenario: 'default' };
    recorder.count(recorder.series('http_reqs', tags), 1);
    recorder.rate(recorder.series('http_req_failed', tags), i % 5 === 0);
    recorder.trend(recorder.series('http_req_duration', tags), 1000 + index * 100 + i * 37);
  }
  if (extra) recorder.count(recorder.series('http_reqs', { name: '/late', method: 'GET' }), 7);
  const errors = recorder.series('errors', { kind: 'reset', name: '/a' });
  recorder.count(errors, 2);
  recorder.sample(errors, 'ECONNRESET');
  recorder.gauge(recorder.series('vus', {}), 3 + index);
  return {
    ...recorder.snapshot(index, 1000 * index, 1000 * (index + 1)),
    transports: ['lean'],
    generator: { cpu: 0.25, elu: 0.3, eventLoopDelayP99Ms: 2, eventLoopDelayMaxMs: 3 },
  };
}

/** As Redis carries it: the JSON part through text, the histograms as bytes. */
function carried(wire: { snapshot: WireSnapshot; histograms: Buffer }) {
  return {
    snapshot: JSON.parse(JSON.stringify(wire.snapshot)) as WireSnapshot,
    bytes: Buffer.from(wire.histograms),
  };
}

/** A snapshot with its histograms as counts, for comparing forms. */
function plain(snapshot: IntervalSnapshot) {
  return {
    ...snapshot,
    series: snapshot.series.map(({ histogram, ...rest }) =>
      histogram === undefined ? rest : { ...rest, counts: [...decodeHistogram(histogram).counts] },
    ),
  };
}

test('a snapshot decodes to what was encoded, and merges to the same figures, on time or late', () => {
  const encoder = new SnapshotEncoder();
  const decoder = new SnapshotDecoder();
  const originals = [second(0), second(1), second(2)];
  const decoded = originals.map((original, index) => {
    const { snapshot, bytes } = carried(encoder.encode(original, index - 1));
    const back = decoder.decode(snapshot, bytes);
    assert.ok(typeof back !== 'string', String(back));
    return back;
  });
  assert.deepEqual(decoded.map(plain), originals.map(plain));
  const direct = createAggregator({ runStartMs: 0 });
  const wired = createAggregator({ runStartMs: 0 });
  // the last second arrives late: it folds into the totals from its bytes just the same
  for (const [index, original] of originals.entries()) {
    if (index < 2) {
      direct.addInterval([original]);
      wired.addInterval([decoded[index]!]);
    } else {
      direct.addLate(original);
      wired.addLate(decoded[index]!);
    }
  }
  const figures = (aggregator: ReturnType<typeof createAggregator>) => {
    const duration = aggregator.data.cumulative.query('http_req_duration', { name: '/a' })!;
    return [
      aggregator.data.cumulative.query('http_reqs')?.values,
      duration.histogram?.count,
      duration.histogram?.percentile(99),
      aggregator.data.errors(),
    ];
  };
  assert.deepEqual(figures(wired), figures(direct));
  assert.equal((figures(wired)[0] as { count: number }).count, 150);
});

test('a series is defined until the coordinator holds its first second, so any one snapshot reads alone', () => {
  const encoder = new SnapshotEncoder();
  const defined = (wire: { snapshot: WireSnapshot }) => (wire.snapshot.defs ?? []).length;
  const all = second(0).series.length;
  assert.equal(defined(encoder.encode(second(0), -1)), all);
  // not yet held: defined again
  assert.equal(defined(encoder.encode(second(1), -1)), all);
  // held: ids and numbers only
  assert.equal(defined(encoder.encode(second(2), 1)), 0);
  // a new series appears at 3 and is defined at 3 and 4 (held 2), not at 5 (held 4)
  const three = encoder.encode(second(3, true), 2);
  assert.deepEqual(
    three.snapshot.defs?.map((def) => def[1]),
    ['http_reqs'],
  );
  const four = carried(encoder.encode(second(4, true), 2));
  assert.equal(defined(encoder.encode(second(5, true), 4)), 0);
  // a coordinator that lost seconds 0-3 (Redis restarted empty) and holds nothing reads 4
  // once it is sent again with everything not held defined
  const resent = carried(new SnapshotEncoder().encode(second(4, true), -1));
  const fresh = new SnapshotDecoder();
  assert.match(String(fresh.decode(four.snapshot, four.bytes)), /series id \d+ was never defined/);
  const back = fresh.decode(resent.snapshot, resent.bytes);
  assert.ok(typeof back !== 'string');
  assert.equal(back.series.find((series) => series.tags.name === '/late')?.count, 7);
});

test('a malformed snapshot is refused with the reason, never thrown', () => {
  const encoder = new SnapshotEncoder();
  const { snapshot, bytes } = carried(encoder.encode(second(0), -1));
  const decoder = () => new SnapshotDecoder();
  assert.equal(decoder().decode(snapshot, bytes.subarray(0, 10)), 'histograms shorter than the series say');
  assert.equal(
    decoder().decode({ ...snapshot, defs: [[1, 'x']] as never }, bytes),
    'a series definition that is not [id, metric, type, contains, tags]',
  );
  assert.equal(
    decoder().decode({ ...snapshot, defs: [[0, 'vus', 'histogram' as never, 'default', {}]] }, bytes),
    'series 0: a metric, type or contains of the wrong kind',
  );
  assert.equal(
    decoder().decode({ ...snapshot, defs: [[0, 'vus', 'gauge', 'default', { name: {} as never }]] }, bytes),
    'series 0: tags not an object of strings',
  );
  const counter = snapshot.defs!.find((def) => def[2] === 'counter')![0];
  assert.equal(
    decoder().decode({ ...snapshot, series: [counter, 'many' as never] }, bytes),
    'a counter with text',
  );
  assert.equal(decoder().decode({ ...snapshot, series: [counter] }, bytes), 'a counter cut short');
  assert.equal(
    decoder().decode({ ...snapshot, series: ['constructor' as never, 1] }, bytes),
    'series id "constructor" was never defined',
  );
  assert.equal(
    decoder().decode({ ...snapshot, samples: [[counter + 1000, 'x']] }, bytes),
    'a sample of no series in the snapshot',
  );
});
