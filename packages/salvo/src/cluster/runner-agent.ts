import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SalvoError } from '../errors.ts';
import { parseSegment } from '../plan/segment.ts';
import type { PlanSource } from '../run/load-plan.ts';
import { PROTOCOL_VERSION, unreadable } from '../run/protocol.ts';
import type { RunnerHandle } from '../run/runner-handle.ts';
import { createThreadRunner } from '../run/thread-runner.ts';
import { SALVO_VERSION } from '../version.ts';
import { writeBundle } from './bundle.ts';
import type { FromRunner, FromRunnerBody, RunnerRecord, ToRunner } from './messages.ts';
import { toRunnerProblem } from './messages.ts';
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
import { SnapshotEncoder } from './snapshot-wire.ts';

export const HEARTBEAT_MS = 1000;
/** A runner's record outlives a few missed heartbeats, then `cluster status` forgets it. */
const RECORD_TTL_MS = 10_000;
/** A run whose claim on this runner is gone this long has lost its coordinator. */
const ORPHAN_AFTER_MS = 15_000;
const GROUP = 'runner';

export interface AgentOptions {
  readonly url: string;
  readonly name: string;
  readonly capacity: number;
  readonly log: (line: string) => void;
}

/** A test this runner was given: its shares (its own, and any taken over), in worker threads. */
interface Job {
  readonly runId: string;
  readonly dir: string | undefined;
  readonly source: PlanSource;
  lastSeq: number;
  readonly shares: Map<string, RunnerHandle>;
  startAtMs: number | undefined;
  setupData: unknown;
  stopMode: 'graceful' | 'hard' | undefined;
  /** Sent and not yet known to be held by the coordinator: sent again after a reconnect. */
  readonly outbox: Map<string, { message: FromRunner; bytes?: Buffer }>;
  /** Per snapshot stream, the last interval the coordinator holds with all before it. */
  readonly held: Map<string, number>;
  orphanSince: number | undefined;
}

/**
 * `salvo runner`: registers with its capacity, heartbeats, runs each test it is given
 * (one at a time, each share in a worker thread) and returns to waiting. Survives Redis
 * restarts: what it sent and the coordinator may not hold is sent again, and the
 * coordinator drops repeats.
 */
export async function startRunnerAgent(options: AgentOptions): Promise<{ stop(): Promise<void> }> {
  const { name, log } = options;
  const commands = await connectRedis(options.url, `salvo-runner:${name}`);
  // blocking reads get a connection of their own
  const reader = await connectRedis(options.url, `salvo-runner-read:${name}`);
  const instance = randomUUID();
  let offset = await clockOffsetMs(commands);
  let beat = 0;
  let job: Job | undefined;
  let stopping = false;
  await createGroup(commands, KEYS.inbox(name), GROUP, '$');

  const emit = (body: FromRunnerBody, key: string, bytes?: Buffer): void => {
    if (!job) return;
    const message = { v: PROTOCOL_VERSION, ...body } as FromRunner;
    job.outbox.set(key, bytes ? { message, bytes } : { message });
    addToStream(commands, KEYS.events(job.runId), message, bytes).catch(() => {});
  };

  const heartbeat = async (): Promise<void> => {
    beat++;
    if (beat % 30 === 0) offset = await clockOffsetMs(commands);
    const record: RunnerRecord = {
      v: PROTOCOL_VERSION,
      name,
      instance,
      capacity: options.capacity,
      host: hostname(),
      pid: process.pid,
      salvoVersion: SALVO_VERSION,
      state: job ? 'busy' : 'idle',
      ...(job ? { runId: job.runId } : {}),
      beat,
      at: Date.now() + offset,
    };
    await commands.set(KEYS.runner(name), JSON.stringify(record), 'PX', RECORD_TTL_MS);
    if (!job) return;
    const current = job;
    const [claim, received] = await Promise.all([
      commands.get(KEYS.claim(name)),
      commands.hgetall(KEYS.received(current.runId)),
    ]);
    // snapshots the coordinator holds need not be kept for a resend, nor their series defined again
    current.held.clear();
    for (const [streamId, held] of Object.entries(received)) current.held.set(streamId, Number(held));
    for (const [key, { message }] of current.outbox) {
      if (message.type !== 'snapshot') continue;
      const held = current.held.get(message.snapshot.runnerId);
      if (held !== undefined && message.snapshot.index <= held) current.outbox.delete(key);
    }
    if (claim === current.runId) current.orphanSince = undefined;
    else if (current.orphanSince === undefined) current.orphanSince = Date.now();
    else if (Date.now() - current.orphanSince > ORPHAN_AFTER_MS) {
      log(`run ${current.runId}: its coordinator is gone; ending it`);
      await endJob();
    }
  };

  const endJob = async (): Promise<void> => {
    const ending = job;
    job = undefined;
    if (!ending) return;
    await Promise.all([...ending.shares.values()].map((share) => share.close()));
    if (ending.dir) rmSync(ending.dir, { recursive: true, force: true });
  };

  /** Starts share `streamId` in a worker thread; says ready (or failed), then done when it ends. */
  const openShare = (
    current: Job,
    streamId: string,
    segmentText: string,
    takeover?: { resumeAtEpochMs: number; handedIterations: Readonly<Record<string, number>> },
  ): RunnerHandle => {
    const segment = parseSegment(segmentText);
    if (!segment) throw new SalvoError('SALVO_ERR_CLUSTER', `an unreadable segment: ${segmentText}`);
    const encoder = new SnapshotEncoder();
    const handle = createThreadRunner(
      streamId,
      current.source,
      segment,
      (snapshot) => {
        const wire = encoder.encode(snapshot, current.held.get(streamId) ?? -1);
        emit(
          { type: 'snapshot', runId: current.runId, runner: name, snapshot: wire.snapshot },
          `s:${streamId}:${snapshot.index}`,
          wire.histograms,
        );
      },
      takeover ?? {},
    );
    current.shares.set(streamId, handle);
    return handle;
  };

  const runShare = (current: Job, streamId: string, handle: RunnerHandle): void => {
    handle
      .run(current.startAtMs!, current.setupData)
      .then(() => emit({ type: 'done', runId: current.runId, runner: name, streamId }, `done:${streamId}`))
      .catch((error: unknown) => failed(current, streamId, error));
    if (current.stopMode) handle.stop(current.stopMode);
  };

  const failed = (current: Job, streamId: string, error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof SalvoError ? error.code : undefined;
    emit(
      { type: 'failed', runId: current.runId, runner: name, streamId, message, ...(code ? { code } : {}) },
      `failed:${streamId}`,
    );
  };

  const handle = async (message: ToRunner): Promise<void> => {
    if (message.type === 'assign') {
      if (job?.runId === message.runId) return;
      if (job) return log(`busy with run ${job.runId}: ignored run ${message.runId}`);
      // an assign left in the inbox by a coordinator that is gone is not acted on
      if ((await commands.get(KEYS.claim(name))) !== message.runId) return;
      const dir = message.bundle ? mkdtempSync(join(tmpdir(), 'salvo-run-')) : undefined;
      const source =
        message.bundle && dir && message.source.kind === 'file'
          ? { ...message.source, path: writeBundle(message.bundle, dir) }
          : message.source;
      const current: Job = {
        runId: message.runId,
        dir,
        source,
        lastSeq: message.seq,
        shares: new Map(),
        startAtMs: undefined,
        setupData: undefined,
        stopMode: undefined,
        outbox: new Map(),
        held: new Map(),
        orphanSince: undefined,
      };
      job = current;
      log(`run ${message.runId}: share ${message.segment}`);
      try {
        const share = openShare(current, message.streamId, message.segment);
        await share.prepare();
        emit(
          { type: 'ready', runId: current.runId, runner: name, streamId: message.streamId },
          `ready:${message.streamId}`,
        );
      } catch (error) {
        failed(current, message.streamId, error);
      }
      return;
    }
    const current = job;
    // another run's message, or one seen before (sent again after a reconnect)
    if (!current || current.runId !== message.runId || message.seq <= current.lastSeq) return;
    current.lastSeq = message.seq;
    switch (message.type) {
      case 'start':
        current.startAtMs = message.startAtRedisMs - offset;
        current.setupData = message.setupData;
        for (const [streamId, share] of current.shares) runShare(current, streamId, share);
        return;
      case 'takeover': {
        const counts = Object.entries(message.iterations).map(([scenario, count]) => `${scenario} ${count}`);
        log(
          `run ${current.runId}: taking over ${message.segment} of ${message.lost}` +
            (counts.length > 0 ? ` (iterations: ${counts.join(', ')})` : ''),
        );
        try {
          const share = openShare(current, message.streamId, message.segment, {
            resumeAtEpochMs: message.resumeAtRedisMs - offset,
            handedIterations: message.iterations,
          });
          await share.prepare();
          runShare(current, message.streamId, share);
        } catch (error) {
          failed(current, message.streamId, error);
        }
        return;
      }
      case 'stop':
        current.stopMode = message.mode;
        for (const share of current.shares.values()) share.stop(message.mode);
        return;
      case 'release':
        log(`run ${current.runId}: finished; waiting for the next`);
        await endJob();
        return;
    }
  };

  // connected already: a 'ready' now is a reconnect, and what the coordinator may not hold
  // (Redis restarted empty) goes again
  commands.on('ready', () => {
    log('reconnected to Redis');
    for (const { message, bytes } of job?.outbox.values() ?? []) {
      addToStream(commands, KEYS.events(message.runId), message, bytes).catch(() => {});
    }
  });

  const beating = setInterval(() => {
    heartbeat().catch(() => {});
  }, HEARTBEAT_MS);
  await heartbeat();
  log(`runner ${name} (capacity ${options.capacity} VUs) waiting for tests on ${shownUrl(options.url)}`);

  const reading = (async () => {
    while (!stopping) {
      try {
        const entries = await readGroup(reader, KEYS.inbox(name), GROUP, instance, 1000);
        for (const { message } of entries) {
          const problem = unreadable(message) ?? toRunnerProblem(message);
          if (problem) log(`ignored a message in ${KEYS.inbox(name)}: ${problem}`);
          else await handle(message as ToRunner);
        }
        await settleEntries(
          commands,
          KEYS.inbox(name),
          GROUP,
          entries.map((entry) => entry.id),
        );
      } catch (error) {
        if (stopping) return;
        log(`inbox: ${(error as Error).message}; retrying`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  })();

  return {
    stop: async () => {
      stopping = true;
      clearInterval(beating);
      await endJob();
      await commands.del(KEYS.runner(name)).catch(() => {});
      reader.disconnect();
      await reading;
      commands.disconnect();
    },
  };
}
