import { SnapshotDecoder, SnapshotEncoder } from '../packages/salvo/src/cluster/snapshot-wire.ts';
import { createAggregator, createRecorder, type IntervalSnapshot } from '../packages/salvo/src/metrics/index.ts';
import { IntervalMerger } from '../packages/salvo/src/run/interval-merger.ts';
const RUNNERS = 100, SECONDS = Number(process.argv[2] ?? 20), NAMES = 10, START = Date.now();
function snapshotOf(runner: string, index: number): IntervalSnapshot {
  const recorder = createRecorder(runner);
  for (let i = 0; i < 300; i++) {
    const tags = { name: `/endpoint-${i % NAMES}`, method: 'GET', status: '200', scenario: 'default' };
    recorder.count(recorder.series('http_reqs', tags), 1);
    recorder.rate(recorder.series('http_req_failed', tags), false);
    for (const metric of ['http_req_duration', 'http_req_waiting', 'http_req_sending', 'http_req_receiving'])
      recorder.trend(recorder.series(metric, tags), 1000 + ((i * 7919) % 50_000));
    recorder.trend(recorder.series('http_req_blocked', tags), (i * 31) % 200);
    recorder.trend(recorder.series('http_req_connecting', tags), 0);
    recorder.count(recorder.series('data_sent', tags), 120);
    recorder.count(recorder.series('data_received', tags), 900);
    recorder.count(recorder.series('iterations', { scenario: 'default' }), 1);
    recorder.trend(recorder.series('iteration_duration', { scenario: 'default' }), 2000 + (i % 900));
  }
  recorder.gauge(recorder.series('vus', {}), 20);
  recorder.gauge(recorder.series('vus_max', {}), 20);
  return recorder.snapshot(index, START + index * 1000, START + (index + 1) * 1000);
}
const template = snapshotOf('r0', 0);
const encoders = Array.from({ length: RUNNERS }, () => new SnapshotEncoder());
const wires: { text: string; bytes: Buffer }[] = [];
for (let index = 0; index < SECONDS; index++) for (let r = 0; r < RUNNERS; r++) {
  const w = encoders[r]!.encode({ ...template, runnerId: `r${r}`, index, startMs: START + index * 1000, endMs: START + (index + 1) * 1000 }, index - 1);
  wires.push({ text: JSON.stringify(w.snapshot), bytes: Buffer.from(w.histograms) });
}
const decoders = new Map(Array.from({ length: RUNNERS }, (_, r) => [`r${r}`, new SnapshotDecoder()]));
const aggregator = createAggregator({ runStartMs: START });
const merger = new IntervalMerger({ runnerIds: Array.from({ length: RUNNERS }, (_, r) => `r${r}`), aggregator, runStartMs: START, intervalMs: 1000, waitMs: 5000, onView: () => {} });
const T = { parse: 0, decode: 0, merge: 0 };
const c0 = process.cpuUsage();
for (const [i, w] of wires.entries()) {
  if (i === RUNNERS * 5) { console.log('warm', JSON.stringify(T)); }
  const a = performance.now();
  const wire = JSON.parse(w.text);
  const b = performance.now();
  const s = decoders.get(wire.runnerId)!.decode(wire, w.bytes);
  const c = performance.now();
  merger.add(s as IntervalSnapshot);
  T.parse += b - a; T.decode += c - b; T.merge += performance.now() - c;
}
const cpu = process.cpuUsage(c0);
console.log(JSON.stringify(T), 'cpu', (cpu.user + cpu.system) / 1000, 'json bytes', wires[500]!.text.length, 'bin', wires[500]!.bytes.length);
