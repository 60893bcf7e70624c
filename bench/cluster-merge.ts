/**
 * What a cluster coordinator spends on its runners' snapshots: 100 simulated runners, one
 * snapshot a second each (10 request names, every built-in HTTP series, a few hundred
 * requests a second per runner, the runner's own load), written as runners write them (snapshot-wire.ts: series
 * named once per stream, histograms as bytes), read from a real redis-server the way the
 * coordinator reads them (XREADGROUP, JSON, checks, decoded), merged exactly
 * (IntervalMerger and the aggregator), acknowledged and deleted (XACK, XDEL). The stream is filled first, then
 * drained as fast as it goes: the CPU time that takes, over the seconds of run it stands
 * for, is the share of one core the coordinator needs. It is given for the whole run and for
 * the seconds after the first WARM_UP ones: the first seconds also pay one-off costs (the
 * JIT compiling the merge, tables growing) that a run of minutes spreads thin.
 *
 * Run: node_modules/.bin/node bench/cluster-merge.ts [runners] [seconds] [names]   (default 100 × 20, 10 names)
 */
import { Redis } from 'ioredis';
import { fromRunnerProblem } from '../packages/salvo/src/cluster/messages.ts';
import {
  BYTES_FIELD,
  createGroup,
  FIELD,
  KEYS,
  readGroup,
  settleEntries,
} from '../packages/salvo/src/cluster/redis.ts';
import {
  SnapshotDecoder,
  SnapshotEncoder,
  type WireSnapshot,
} from '../packages/salvo/src/cluster/snapshot-wire.ts';
import { startTestRedis } from '../packages/salvo/src/cluster/testing/redis-server.ts';
import {
  createAggregator,
  createRecorder,
  type IntervalSnapshot,
} from '../packages/salvo/src/metrics/index.ts';
import { IntervalMerger } from '../packages/salvo/src/run/interval-merger.ts';
import { PROTOCOL_VERSION, unreadable } from '../packages/salvo/src/run/protocol.ts';

const RUNNERS = Number(process.argv[2] ?? 100);
const SECONDS = Number(process.argv[3] ?? 20);
const NAMES = Number(process.argv[4] ?? 10);
const REQUESTS_PER_SECOND = 300;
const START = Date.now();
const RUN_ID = 'bench';
const WARM_UP = 5;

/** One runner's second: REQUESTS_PER_SECOND requests over NAMES names, every timing recorded. */
function snapshotOf(runner: string, index: number): IntervalSnapshot {
  const recorder = createRecorder(runner);
  for (let i = 0; i < REQUESTS_PER_SECOND; i++) {
    const tags = { name: `/endpoint-${i % NAMES}`, method: 'GET', status: '200', scenario: 'default' };
    recorder.count(recorder.series('http_reqs', tags), 1);
    recorder.rate(recorder.series('http_req_failed', tags), false);
    for (const metric of [
      'http_req_duration',
      'http_req_waiting',
      'http_req_sending',
      'http_req_receiving',
    ]) {
      recorder.trend(recorder.series(metric, tags), 1000 + ((i * 7919) % 50_000));
    }
    recorder.trend(recorder.series('http_req_blocked', tags), (i * 31) % 200);
    recorder.trend(recorder.series('http_req_connecting', tags), 0);
    recorder.count(recorder.series('data_sent', tags), 120);
    recorder.count(recorder.series('data_received', tags), 900);
    recorder.count(recorder.series('iterations', { scenario: 'default' }), 1);
    recorder.trend(recorder.series('iteration_duration', { scenario: 'default' }), 2000 + (i % 900));
  }
  recorder.gauge(recorder.series('vus', {}), 20);
  recorder.gauge(recorder.series('vus_max', {}), 20);
  return {
    ...recorder.snapshot(index, START + index * 1000, START + (index + 1) * 1000),
    // as runners send it: their transports and their own load, which the merge keeps as gauges
    transports: ['lean'],
    generator: { eventLoopDelayP99Ms: 1.2, eventLoopDelayMaxMs: 3.5, elu: 0.31, cpu: 0.28, cpuWait: 0.02 },
  };
}

const redis = await startTestRedis();
const client = new Redis(redis.url, { protocol: 2 });
const stream = KEYS.events(RUN_ID);
await createGroup(client, stream, 'coordinator', '0');

// a snapshot per runner and second; every runner's second is the same data, re-labelled;
// the coordinator holds each second before the next is sent, so series are defined once
const template = snapshotOf('r0', 0);
const encoders = Array.from({ length: RUNNERS }, () => new SnapshotEncoder());
let bytes = 0;
for (let index = 0; index < SECONDS; index++) {
  const batch = client.pipeline();
  for (let r = 0; r < RUNNERS; r++) {
    const snapshot = {
      ...template,
      runnerId: `r${r}`,
      index,
      startMs: START + index * 1000,
      endMs: START + (index + 1) * 1000,
    };
    const wire = encoders[r]!.encode(snapshot, index - 1);
    const message = {
      v: PROTOCOL_VERSION,
      type: 'snapshot',
      runId: RUN_ID,
      runner: `r${r}`,
      snapshot: wire.snapshot,
    };
    const text = JSON.stringify(message);
    bytes += text.length + wire.histograms.length;
    batch.xadd(stream, '*', FIELD, text, BYTES_FIELD, wire.histograms);
  }
  await batch.exec();
}

const aggregator = createAggregator({ runStartMs: START });
let views = 0;
const merger = new IntervalMerger({
  runnerIds: Array.from({ length: RUNNERS }, (_, r) => `r${r}`),
  aggregator,
  runStartMs: START,
  intervalMs: 1000,
  waitMs: 5000,
  onView: () => views++,
});

const decoders = new Map(Array.from({ length: RUNNERS }, (_, r) => [`r${r}`, new SnapshotDecoder()]));

const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
let read = 0;
let warm: { cpu: NodeJS.CpuUsage; read: number } | undefined;
while (read < RUNNERS * SECONDS) {
  if (!warm && read >= RUNNERS * WARM_UP) warm = { cpu: process.cpuUsage(), read };
  const entries = await readGroup(client, stream, 'coordinator', 'bench', 100);
  for (const entry of entries) {
    const { message } = entry;
    if (unreadable(message) ?? fromRunnerProblem(message)) throw new Error('unreadable message');
    const wire = (message as { snapshot: WireSnapshot }).snapshot;
    const snapshot = decoders.get(wire.runnerId)!.decode(wire, entry.bytes);
    if (typeof snapshot === 'string') throw new Error(snapshot);
    merger.add(snapshot);
  }
  await settleEntries(
    client,
    stream,
    'coordinator',
    entries.map((entry) => entry.id),
  );
  read += entries.length;
}
const cpu = process.cpuUsage(cpuBefore);
const warmCpu = warm && process.cpuUsage(warm.cpu);
const wallMs = performance.now() - wallBefore;
const cpuMs = (cpu.user + cpu.system) / 1000;

console.log(
  `${RUNNERS} runners × ${SECONDS} s, ${NAMES} request names: ${read} snapshots, ${(bytes / read / 1024).toFixed(1)} KiB each (JSON and histogram bytes)`,
);
console.log(`merged ${views} seconds in ${wallMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU`);
console.log(
  `coordinator CPU per second of run: ${(cpuMs / SECONDS).toFixed(1)} ms = ${((cpuMs / SECONDS / 1000) * 100).toFixed(2)} % of one core`,
);
if (warm && warmCpu) {
  const seconds = (read - warm.read) / RUNNERS;
  const perSecond = (warmCpu.user + warmCpu.system) / 1000 / seconds;
  console.log(
    `after the first ${WARM_UP} s: ${perSecond.toFixed(1)} ms per second of run = ${(perSecond / 10).toFixed(2)} % of one core`,
  );
}

client.disconnect();
await redis.stop();
