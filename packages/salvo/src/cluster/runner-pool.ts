import type { Redis } from 'ioredis';
import type { Plan } from '../plan/plan.ts';
import { type Segment, shareOf, weightedSegments } from '../plan/segment.ts';
import { PROTOCOL_VERSION } from '../run/protocol.ts';
import { mostVUs } from '../run/runner-count.ts';
import type { RunnerRecord, RunRecord } from './messages.ts';
import { KEYS, scanKeys } from './redis.ts';

/** How long a claim, and a run's record, live without being refreshed. */
export const CLAIM_TTL_MS = 10_000;
const POLL_MS = 500;
const SAY_WAITING_EVERY_MS = 5000;

export function parseRecord(text: string | null | undefined): RunnerRecord | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as RunnerRecord;
  } catch {
    return undefined;
  }
}

/**
 * Waits for this run's turn in the queue and for enough idle runners, then claims every
 * idle runner at once (under a lock, so two runs never split one pool and both wait).
 */
export async function takeRunners(
  redis: Redis,
  settings: { readonly runnersMin: number; readonly log: (line: string) => void },
  record: () => RunRecord,
): Promise<RunnerRecord[]> {
  const { runId } = record();
  let saidAt = 0;
  const incompatible = new Set<string>();
  for (;;) {
    await redis.set(KEYS.run(runId), JSON.stringify(record()), 'PX', CLAIM_TTL_MS);
    const queue = await redis.lrange(KEYS.queue, 0, -1);
    // Redis may have restarted empty: take a place again
    if (!queue.includes(runId)) await redis.rpush(KEYS.queue, runId);
    const head = queue[0] ?? runId;
    if (head !== runId && !(await redis.exists(KEYS.run(head)))) {
      // a coordinator that is gone keeps no place
      await redis.lrem(KEYS.queue, 0, head);
      continue;
    }
    let idle: RunnerRecord[] = [];
    if (head === runId && (await redis.set(KEYS.claimLock, runId, 'PX', 5000, 'NX'))) {
      try {
        idle = await idleRunners(redis, incompatible, settings.log);
        if (idle.length >= settings.runnersMin) {
          const claimed: RunnerRecord[] = [];
          for (const runner of idle) {
            if (await redis.set(KEYS.claim(runner.name), runId, 'PX', CLAIM_TTL_MS, 'NX'))
              claimed.push(runner);
          }
          if (claimed.length >= settings.runnersMin) {
            await redis.lrem(KEYS.queue, 0, runId);
            return claimed;
          }
          for (const runner of claimed) await redis.del(KEYS.claim(runner.name));
        }
      } finally {
        if ((await redis.get(KEYS.claimLock)) === runId) await redis.del(KEYS.claimLock);
      }
    }
    if (Date.now() - saidAt >= SAY_WAITING_EVERY_MS) {
      saidAt = Date.now();
      settings.log(
        head === runId
          ? `waiting for runners: ${idle.length} idle, ${settings.runnersMin} wanted (salvo runner --redis ...)`
          : `waiting for runners: ${queue.indexOf(runId)} run(s) ahead in the queue`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function idleRunners(
  redis: Redis,
  incompatible: Set<string>,
  log: (line: string) => void,
): Promise<RunnerRecord[]> {
  const keys = await scanKeys(redis, KEYS.runnerPattern);
  if (keys.length === 0) return [];
  const records = (await redis.mget(...keys)).map(parseRecord);
  const claims = await redis.mget(...records.map((record) => KEYS.claim(record?.name ?? '')));
  return records.flatMap((record, index) => {
    if (record?.state !== 'idle' || claims[index]) return [];
    if (record.v !== PROTOCOL_VERSION) {
      if (!incompatible.has(record.name)) {
        log(`runner ${record.name} speaks protocol ${record.v}, this Salvo ${PROTOCOL_VERSION}: not used`);
      }
      incompatible.add(record.name);
      return [];
    }
    return [record];
  });
}

/**
 * Capacity-weighted segments; a runner whose share of some scenario's VUs rounds to 0 is
 * left out (it would drop its share of the arrivals, or of the iterations), smallest first.
 */
export function fitShares(
  plan: Plan,
  taken: readonly RunnerRecord[],
): { chosen: RunnerRecord[]; segments: Segment[] } {
  const chosen = [...taken].sort((a, b) => b.capacity - a.capacity || a.name.localeCompare(b.name));
  for (;;) {
    const segments = weightedSegments(chosen.map((record) => record.capacity));
    const fits = segments.every((segment) =>
      plan.scenarios.every((scenario) => shareOf(segment, mostVUs(scenario.executor)) >= 1),
    );
    if (fits || chosen.length === 1) return { chosen, segments };
    chosen.pop();
  }
}
