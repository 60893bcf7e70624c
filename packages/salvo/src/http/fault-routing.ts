/**
 * How a run's requests meet its fault proxy (docs/proxy.md). Two things per process, set
 * once before the load starts (like the feeds' shared rows):
 *
 * - **routes**: origins whose connections open to the proxy's address instead (curl's
 *   `--connect-to`): the request itself, its URL, Host header and name, is unchanged.
 * - **connection marks**: a fault that leaves no response to carry a `salvo-fault` header
 *   (a reset, a request never answered, a blackholed connection, a client timeout while
 *   the proxy holds a response back) is written by the proxy into shared memory under the
 *   client's port before it acts: one 64-bit slot per port,
 *   `epochMs * 16 + kind`. A routed connection that fails reads its port's slot (no cost
 *   on a request that succeeds) and counts the failure as injected when the mark was made
 *   after the connection opened (a port is reused by later connections).
 * - **or the proxy's log** (`salvo run --faults-from`, run/fault-log-feed.ts): a proxy in
 *   another process writes its log, not this memory; the run's main thread reads the log
 *   and writes the same marks here, with the moment up to which it has read it (the
 *   watermark). Every connection then keeps its port (no route tells which go through the
 *   proxy), and a failure waits until the log has been read past the moment it failed
 *   before it is classified (`faultLogCovering`).
 *
 * Every transport classifies the same way: its failed result names the connection
 * (`ConnectionStamp`), and the client (request-call.ts) reads the mark.
 */

import type { TransportResult } from './types.ts';

/** The header the fault proxy adds to every response it touched; its value is the fault's kind. */
export const FAULT_HEADER = 'salvo-fault';

/** The kinds a connection mark carries; index = the code in the slot's low 4 bits. */
const MARKED_KINDS = [
  '',
  'reset',
  'timeout',
  'blackhole',
  'truncate',
  'latency',
  'slow-first-byte',
  'bandwidth',
] as const;
export type MarkedKind = Exclude<(typeof MARKED_KINDS)[number], ''>;

const PORTS = 65_536;
const KIND_BITS = 16n;
/** After the ports' slots: the log watermark (epoch ms), then an Int32 bumped when it moves. */
const WATERMARK_SLOT = PORTS;
const GENERATION_BYTE = (PORTS + 1) * 8;
/**
 * A mark counts from this long before its connection opened, and up to this long after
 * the failure: the proxy may accept (and blackhole) a connection a moment before the client
 * hears it connected, and a mark read from a log is on the proxy's clock, brought to this
 * one (a few ms off either way on loopback). A former connection on the same port closed
 * more than this long before.
 */
const MARK_SLACK_MS = 20;
/** A failure waits at most this long for the log to be read past it, then counts as real. */
const LOG_WAIT_MS = 2_000;

/** The connection a failed request went out on: what its mark is looked up by. */
export interface ConnectionStamp {
  /** Its local port (the proxy saw it as the client's port); undefined before it connected. */
  readonly localPort: number | undefined;
  /** When it connected (epoch ms): marks from before are a former connection's on that port. */
  readonly openedAtEpochMs: number;
}

/** What a runner thread is given: the routes and the marks' shared memory. */
export interface FaultRouting {
  /** origin (`http://127.0.0.1:3000`) → the proxy's `host:port`. */
  readonly routes: Readonly<Record<string, { host: string; port: number }>>;
  /** BigInt64 per client port; see above. */
  readonly marks: SharedArrayBuffer;
  /** The marks come from a proxy's log read by this run's main thread (`--faults-from`). */
  readonly fromLog?: boolean;
}

let routes: ReadonlyMap<string, { host: string; port: number }> = new Map();
let marks: BigInt64Array | undefined;
let generation: Int32Array | undefined;
let fromLog = false;
let adopted: FaultRouting | undefined;

/** Shared memory for one proxy's connection marks (and a log's watermark). */
export function createMarkTable(): SharedArrayBuffer {
  return new SharedArrayBuffer((PORTS + 2) * 8);
}

/**
 * The log reader's side: every entry up to `watermarkEpochMs` (this clock) is written;
 * the failures waiting for it are woken.
 */
export function advanceLogWatermark(table: SharedArrayBuffer, watermarkEpochMs: number): void {
  Atomics.store(new BigInt64Array(table, WATERMARK_SLOT * 8, 1), 0, BigInt(Math.floor(watermarkEpochMs)));
  const gen = new Int32Array(table, GENERATION_BYTE, 1);
  Atomics.add(gen, 0, 1);
  Atomics.notify(gen, 0);
}

/** Called by the proxy just before it resets, stalls or blackholes a connection from `port`. */
export function writeMark(table: SharedArrayBuffer, port: number, kind: MarkedKind, epochMs: number): void {
  const code = BigInt(MARKED_KINDS.indexOf(kind));
  Atomics.store(new BigInt64Array(table, port * 8, 1), 0, BigInt(Math.floor(epochMs)) * KIND_BITS + code);
}

/** Takes the mark off `port`: the delay it stood for is over (the client asked again). */
export function clearMark(table: SharedArrayBuffer, port: number): void {
  Atomics.store(new BigInt64Array(table, port * 8, 1), 0, 0n);
}

/** This thread's routes and marks (undefined: none; requests go where their URL says). */
export function adoptFaultRouting(routing: FaultRouting | undefined): void {
  adopted = routing;
  routes = new Map(Object.entries(routing?.routes ?? {}));
  marks = routing === undefined ? undefined : new BigInt64Array(routing.marks);
  generation = routing === undefined ? undefined : new Int32Array(routing.marks, GENERATION_BYTE, 1);
  fromLog = routing?.fromLog === true;
}

/** Whether every connection keeps its stamp: the marks come from a proxy's log, for any origin. */
export function faultLogAdopted(): boolean {
  return fromLog;
}

/** What `adoptFaultRouting` was given, to hand to worker threads. */
export function adoptedFaultRouting(): FaultRouting | undefined {
  return adopted;
}

/** Whether this thread's requests go through a run's fault proxy. */
export function faultRoutingAdopted(): boolean {
  return adopted !== undefined;
}

/** Where a connection to `origin` opens instead, if its traffic goes through a fault proxy. */
export function routeFor(origin: string): { host: string; port: number } | undefined {
  return routes.size === 0 ? undefined : routes.get(origin);
}

/**
 * The injected fault that explains a failure on `connection` (a routed one, or any under a
 * log), or undefined when the proxy marked nothing on it: a mark under its local port made
 * after it opened and before now (MARK_SLACK_MS either way).
 */
export function markedFault(connection: ConnectionStamp): MarkedKind | undefined {
  const localPort = connection.localPort;
  if (marks === undefined || localPort === undefined) return undefined;
  const slot = Atomics.load(marks, localPort);
  if (slot === 0n) return undefined;
  const atMs = Number(slot / KIND_BITS);
  if (atMs < Math.floor(connection.openedAtEpochMs) - MARK_SLACK_MS) return undefined;
  if (atMs > Date.now() + MARK_SLACK_MS) return undefined;
  return MARKED_KINDS[Number(slot % KIND_BITS)] as MarkedKind | undefined;
}

/**
 * Under a log (`--faults-from`): a promise that resolves once the log has been read past
 * this moment, so a mark for a failure now is in (at most LOG_WAIT_MS); undefined when no
 * wait is needed. The proxy logs before it acts, so the log read up to a moment holds
 * every injection that a failure before it can be owed to.
 */
export function faultLogCovering(result: TransportResult): Promise<void> | undefined {
  // a request the run stopped is no fault of the proxy's: the end of a run does not wait
  if (!fromLog || result.connection === undefined || result.error?.kind === 'interrupted') return undefined;
  const failedAtMs = Date.now() + MARK_SLACK_MS;
  if (watermark() >= failedAtMs) return undefined;
  return waitForWatermark(failedAtMs, Date.now() + LOG_WAIT_MS);
}

function watermark(): number {
  return Number(Atomics.load(marks as BigInt64Array, WATERMARK_SLOT));
}

async function waitForWatermark(epochMs: number, giveUpAtMs: number): Promise<void> {
  const gen = generation as Int32Array;
  for (;;) {
    const seen = Atomics.load(gen, 0);
    const leftMs = giveUpAtMs - Date.now();
    if (watermark() >= epochMs || leftMs <= 0) return;
    const waiting = Atomics.waitAsync(gen, 0, seen, leftMs);
    if (waiting.async) await waiting.value;
  }
}
