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
 */

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

/** What a runner thread is given: the routes and the marks' shared memory. */
export interface FaultRouting {
  /** origin (`http://127.0.0.1:3000`) → the proxy's `host:port`. */
  readonly routes: Readonly<Record<string, { host: string; port: number }>>;
  /** BigInt64 per client port; see above. */
  readonly marks: SharedArrayBuffer;
}

let routes: ReadonlyMap<string, { host: string; port: number }> = new Map();
let marks: BigInt64Array | undefined;
let adopted: FaultRouting | undefined;

/** Shared memory for one proxy's connection marks. */
export function createMarkTable(): SharedArrayBuffer {
  return new SharedArrayBuffer(PORTS * 8);
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
 * The injected fault that explains a failure on a routed connection from `localPort`
 * opened at `openedAtEpochMs`, or undefined when the proxy marked nothing since.
 */
export function markedFault(localPort: number | undefined, openedAtEpochMs: number): MarkedKind | undefined {
  if (marks === undefined || localPort === undefined) return undefined;
  const slot = Atomics.load(marks, localPort);
  if (slot === 0n) return undefined;
  const atMs = Number(slot / KIND_BITS);
  if (atMs < Math.floor(openedAtEpochMs)) return undefined;
  return MARKED_KINDS[Number(slot % KIND_BITS)] as MarkedKind | undefined;
}
