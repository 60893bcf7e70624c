import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { SalvoError } from '../errors.ts';
import { loadedFeeds } from '../feed/index.ts';
import { formatSegment, type Segment, splitSegment } from '../plan/segment.ts';
import type { RunnerFleet } from '../run/coordinator.ts';
import type { PlanSource } from '../run/load-plan.ts';
import { PROTOCOL_VERSION, unreadable } from '../run/protocol.ts';
import { INTERVAL_MS } from '../run/runner.ts';
import { mostVUs } from '../run/runner-count.ts';
import type { RunnerEvents, RunnerInfo } from '../run/runner-handle.ts';
import { makeBundle, recordLoadedFiles } from './bundle.ts';
import { describeHanded, handOn, plannedIterations } from './handed-iterations.ts';
import {
  type FromRunner,
  fromRunnerProblem,
  type RunRecord,
  type TestBundle,
  type ToRunner,
  type ToRunnerContent,
} from './messages.ts';
import {
  addToStream,
  clockOffsetMs,
  connectRedis,
  createGroup,
  KEYS,
  readGroup,
  settleEntries,
  shownUrl,
} from './redis.ts';
import { type RemoteLink, type RemoteRunner, remoteRunner, type Share } from './remote-runner.ts';
import { CLAIM_TTL_MS, fitShares, parseRecord, takeRunners } from './runner-pool.ts';
import { SnapshotDecoder, type WireSnapshot } from './snapshot-wire.ts';

const GROUP = 'coordinator';
const MONITOR_MS = 500;
/** Runners hear of the start through Redis: the start is this far ahead. */
const START_DELAY_MS = 2000;

export interface ClusterSettings {
  readonly url: string;
  readonly runnersMin: number;
  /** What a lost runner's share becomes: handed to the live runners, or the end of the run. */
  readonly onRunnerLost: 'reassign' | 'stop';
  readonly testLabel: string;
  /** A runner whose heartbeat has not moved this long (while Redis was reachable) is lost. */
  readonly lostAfterMs: number;
  readonly log: (line: string) => void;
}

export interface RunnerRow {
  readonly name: string;
  readonly capacity: number;
  readonly shares: readonly string[];
  readonly requests: number;
  readonly cpuMax: number;
  readonly state: string;
}

export interface ClusterFleet extends RunnerFleet {
  /** The per-runner table and what happened to runners during the run. */
  report(): { rows: RunnerRow[]; notes: string[] };
}

/**
 * Runners on other machines, through Redis (docs/cluster.md): waits its turn and for
 * enough idle runners, splits the plan by their capacities, ships the test, starts them at
 * one instant on Redis's clock, relays their snapshots to the merge, and watches their
 * heartbeats: a lost runner's share goes to the live ones (or ends the run).
 */
export function clusterFleet(source: PlanSource, settings: ClusterSettings): ClusterFleet {
  // before the plan loads: the files it loads are the ones runners need
  recordLoadedFiles();
  const { log } = settings;
  const runId = randomUUID();
  const runners: RemoteRunner[] = [];
  const shares = new Map<string, Share>();
  const notes: string[] = [];
  /** Every message of the run, with its runner: all are sent again after a reconnect. */
  const sent: { to: string; message: ToRunner }[] = [];
  let seq = 0;
  let commands: Redis;
  let reader: Redis;
  let offset = 0;
  let startedAtMs: number | undefined;
  let events: RunnerEvents;
  let redisUpSince = Date.now();
  let closing = false;
  let closed = 0;
  let monitor: NodeJS.Timeout | undefined;
  let reading: Promise<void> | undefined;
  const warned = new Set<string>();

  const send = (runner: RemoteRunner, content: ToRunnerContent): void => {
    const message = { v: PROTOCOL_VERSION, runId, seq: ++seq, ...content } as ToRunner;
    sent.push({ to: runner.id, message });
    addToStream(commands, KEYS.inbox(runner.id), message).catch(() => {});
  };
  const secondsIn = (at: number) => (startedAtMs === undefined ? 0 : (at - startedAtMs) / 1000).toFixed(1);

  const warnOnce = (from: string, problem: string): void => {
    const key = `${from}:${problem}`;
    if (!warned.has(key)) log(`ignored a message from runner ${from}: ${problem}`);
    warned.add(key);
  };

  const onMessage = (message: FromRunner, bytes: Buffer | undefined): void => {
    if (message.runId !== runId) return;
    const runner = runners.find((candidate) => candidate.id === message.runner);
    if (!runner) return;
    switch (message.type) {
      case 'ready':
        runner.ready(message.streamId);
        return;
      case 'failed': {
        const error = message.code
          ? new SalvoError(message.code as SalvoError['code'], `runner ${runner.id}: ${message.message}`)
          : new SalvoError('SALVO_ERR_RUNNER', `runner ${runner.id}: ${message.message}`);
        runner.failed(message.streamId, error);
        return;
      }
      case 'done': {
        const share = shares.get(message.streamId);
        if (!share || share.done) return;
        share.done = true;
        events.ended(share.streamId);
        runner.shareDone();
        return;
      }
      case 'snapshot':
        onSnapshot(message.snapshot, bytes);
        return;
    }
  };

  const onSnapshot = (wire: WireSnapshot, bytes: Buffer | undefined): void => {
    const share = shares.get(wire.runnerId);
    if (!share) return;
    const snapshot = share.decoder.decode(wire, bytes);
    if (typeof snapshot === 'string') {
      warnOnce(wire.runnerId, snapshot);
      return;
    }
    if (!share.received.has(snapshot.index)) {
      share.received.add(snapshot.index);
      while (share.received.has(share.held + 1)) share.held++;
      for (const series of snapshot.series) {
        if (series.metric === 'http_reqs') share.requests += series.count ?? 0;
        else if (series.metric === 'iterations') {
          const scenario = series.tags.scenario;
          if (scenario !== undefined && share.planned.has(scenario))
            share.reported.set(scenario, (share.reported.get(scenario) ?? 0) + (series.count ?? 0));
        }
      }
      share.cpuMax = Math.max(share.cpuMax, snapshot.generator?.cpu ?? 0);
    }
    events.snapshot(snapshot);
  };

  const lose = (runner: RemoteRunner, why: string): void => {
    const now = Date.now();
    runner.state = 'lost';
    send(runner, { type: 'stop', mode: 'hard' });
    const open = runner.shares.filter((share) => !share.done);
    const live = runners.filter((other) => other.state === 'running');
    const lostLine = `runner ${runner.id} lost at ${secondsIn(now)} s (${why})`;
    if (settings.onRunnerLost === 'stop' || live.length === 0) {
      runner.lostNote = `lost at ${secondsIn(now)} s`;
      const because =
        settings.onRunnerLost === 'stop'
          ? '--on-runner-lost stop'
          : 'no live runner is left to take its share';
      notes.push(`${lostLine}; the run stops: ${because}`);
      log(notes.at(-1)!);
      for (const share of open) events.ended(share.streamId);
      events.fail(`${lostLine}; ${because}`);
      runner.settle();
      return;
    }
    const joinIndex = Math.floor((now - startedAtMs!) / INTERVAL_MS) + 1;
    for (const share of open) {
      // the share goes on from the last second it reported: starts due since then run late
      // (their lag counts, as in any open-model run) or are dropped if no VU is free
      const resumeAtRedisMs = startedAtMs! + offset + (share.held + 1) * INTERVAL_MS;
      const weights = live.map((other) => other.record.capacity);
      const parts = splitSegment(share.segment, weights);
      // iteration-count scenarios: what it reported done stays done, the rest is cut by capacity
      const handed = handOn(share.planned, share.reported, weights);
      for (const [index, target] of live.entries()) {
        const streamId = `${target.id}+${share.streamId}`;
        const iterations = Object.fromEntries(handed.map((one) => [one.scenario, one.parts[index]!]));
        const part = addShare(target, streamId, parts[index]!, new Map(Object.entries(iterations)));
        events.joined(part.streamId, joinIndex);
        send(target, {
          type: 'takeover',
          streamId,
          segment: formatSegment(part.segment),
          resumeAtRedisMs,
          lost: runner.id,
          iterations,
        });
      }
      events.ended(share.streamId);
      const takers = live.map((other) => other.id);
      notes.push(
        `${lostLine}; its share ${formatSegment(share.segment)} from ${share.held + 1} s on taken over by ${takers.join(', ')}` +
          (handed.length > 0 ? `; ${describeHanded(handed, takers)}` : ''),
      );
      log(notes.at(-1)!);
    }
    runner.lostNote = `lost at ${secondsIn(now)} s`;
    runner.settle();
  };

  const addShare = (
    owner: RemoteRunner,
    streamId: string,
    segment: Segment,
    planned: ReadonlyMap<string, number>,
  ): Share => {
    const share: Share = {
      streamId,
      owner,
      segment,
      planned,
      reported: new Map(),
      received: new Set(),
      decoder: new SnapshotDecoder(),
      held: -1,
      done: false,
      requests: 0,
      cpuMax: 0,
    };
    shares.set(streamId, share);
    owner.shares.push(share);
    return share;
  };

  /** Every half second: claims and records kept alive, heartbeats read, lost runners handled. */
  const watch = async (): Promise<void> => {
    const batch = commands.multi();
    for (const runner of runners)
      if (runner.state !== 'lost') batch.set(KEYS.claim(runner.id), runId, 'PX', CLAIM_TTL_MS);
    batch.set(KEYS.run(runId), JSON.stringify(runRecord('running')), 'PX', CLAIM_TTL_MS);
    const held = [...shares.values()].flatMap((share) =>
      share.held >= 0 ? [share.streamId, String(share.held)] : [],
    );
    if (held.length > 0) batch.hset(KEYS.received(runId), ...held).pexpire(KEYS.received(runId), 3_600_000);
    await batch.exec();
    if (startedAtMs === undefined || Date.now() < startedAtMs) return;
    const watched = runners.filter((runner) => runner.state === 'running');
    if (watched.length === 0) return;
    const records = await commands.mget(...watched.map((runner) => KEYS.runner(runner.id)));
    const now = Date.now();
    for (const [index, runner] of watched.entries()) {
      const record = parseRecord(records[index]);
      if (record && record.instance !== runner.record.instance) {
        lose(runner, 'it restarted');
        continue;
      }
      if (record && record.beat !== runner.seenBeat) {
        runner.seenBeat = record.beat;
        runner.seenAt = now;
      }
      // time Redis was unreachable is not held against a runner
      if (now - Math.max(runner.seenAt, redisUpSince) > settings.lostAfterMs) {
        lose(runner, `no heartbeat for ${((now - runner.seenAt) / 1000).toFixed(1)} s`);
      }
    }
  };

  const runRecord = (state: RunRecord['state']): RunRecord => ({
    v: PROTOCOL_VERSION,
    runId,
    test: settings.testLabel,
    state,
    runnersMin: settings.runnersMin,
    runners: runners.map((runner) => runner.id),
    host: hostname(),
    since: Date.now() + offset,
  });

  const readEvents = async (): Promise<void> => {
    while (!closing) {
      try {
        const entries = await readGroup(reader, KEYS.events(runId), GROUP, 'coordinator', 1000);
        for (const { message, bytes } of entries) {
          const problem = unreadable(message) ?? fromRunnerProblem(message);
          if (problem) warnOnce(String((message as { runner?: unknown } | undefined)?.runner), problem);
          else onMessage(message as FromRunner, bytes);
        }
        await settleEntries(
          commands,
          KEYS.events(runId),
          GROUP,
          entries.map((entry) => entry.id),
        );
      } catch (error) {
        if (closing) return;
        log(`reading the runners' messages: ${(error as Error).message}; retrying`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };

  const finishAll = async (): Promise<void> => {
    closing = true;
    clearInterval(monitor);
    reader.disconnect();
    await reading;
    await commands
      .multi()
      .del(KEYS.events(runId), KEYS.received(runId), KEYS.run(runId))
      .exec()
      .catch(() => {});
    commands.disconnect();
  };

  const link: RemoteLink = {
    send,
    offsetMs: () => offset,
    started: (atMs) => {
      startedAtMs = atMs;
    },
    released: async (runner) => {
      if (runner.state !== 'lost') {
        send(runner, { type: 'release' });
        await commands.del(KEYS.claim(runner.id)).catch(() => {});
      }
      if (++closed === runners.length) await finishAll();
    },
  };

  return {
    check: () => {},
    reachesTargetFromHere: false,
    startDelayMs: START_DELAY_MS,
    // a lost runner's seconds are merged without it once it is declared lost
    mergeWaitMs: settings.lostAfterMs + 2 * INTERVAL_MS,
    open: async (plan, runnerEvents) => {
      events = runnerEvents;
      const bundle: TestBundle | undefined =
        source.kind === 'file' ? makeBundle(source.path, Object.keys(loadedFeeds())) : undefined;
      commands = await connectRedis(settings.url, 'salvo-coordinator');
      reader = await connectRedis(settings.url, 'salvo-coordinator-read');
      offset = await clockOffsetMs(commands);
      const taken = await takeRunners(commands, settings, () => runRecord('waiting'));
      const { chosen, segments } = fitShares(plan, taken);
      for (const extra of taken.filter((record) => !chosen.includes(record)))
        await commands.del(KEYS.claim(extra.name));
      const capacity = chosen.reduce((sum, record) => sum + record.capacity, 0);
      const peak = Math.max(...plan.scenarios.map((scenario) => mostVUs(scenario.executor)));
      if (peak > capacity)
        log(`the plan's ${peak} VUs are more than the runners' capacity (${capacity}): they run anyway`);
      await createGroup(commands, KEYS.events(runId), GROUP, '0');
      commands.on('ready', () => {
        // reconnected: Redis may have restarted empty, so every message of the run goes again
        // (runners drop the ones they had), and heartbeats get time to come back
        redisUpSince = Date.now();
        log('reconnected to Redis');
        for (const { to, message } of sent) addToStream(commands, KEYS.inbox(to), message).catch(() => {});
      });
      for (const [index, record] of chosen.entries()) {
        const runner = remoteRunner(record, segments[index]!, link);
        runners.push(runner);
        addShare(runner, record.name, runner.segment, plannedIterations(plan, runner.segment));
      }
      reading = readEvents();
      monitor = setInterval(() => {
        watch().catch(() => {});
      }, MONITOR_MS);
      log(
        `cluster run ${runId} on ${runners.length} runners (${runners.map((runner) => `${runner.id} ${formatSegment(runner.segment)}`).join(', ')}) via ${shownUrl(settings.url)}`,
      );
      const { overrides, ...rest } = source;
      for (const runner of runners) {
        send(runner, {
          type: 'assign',
          ...(bundle ? { bundle } : {}),
          source: { ...rest, overrides: overrides ?? {} } as PlanSource,
          streamId: runner.id,
          segment: formatSegment(runner.segment),
        });
      }
      return runners;
    },
    shares: (): RunnerInfo[] =>
      [...shares.values()].map((share) => ({ id: share.streamId, kind: 'remote', segment: share.segment })),
    report: () => {
      const rows = runners.map((runner) => ({
        name: runner.id,
        capacity: runner.record.capacity,
        shares: runner.shares.map((share) => formatSegment(share.segment)),
        requests: runner.shares.reduce((sum, share) => sum + share.requests, 0),
        cpuMax: Math.max(0, ...runner.shares.map((share) => share.cpuMax)),
        state: runner.lostNote ?? runner.state,
      }));
      return { rows, notes };
    },
  };
}
