import { CONNECTION_KINDS, type Fault, type FaultKind } from './fault-types.ts';
import { routeMatches } from './route-match.ts';

/** What the proxy counted for one fault since it was set. */
interface FaultCounts {
  /** Requests (connections) in its window and route: the ones it could hit. */
  eligible: number;
  /** Those it hit. */
  injected: number;
}

/**
 * A connection-level event of the proxy's log (a reset, a stalled request, a blackhole, a
 * cut): what a client's failure is matched by (docs/proxy.md#standalone).
 */
export interface LoggedFault {
  /** 1, 2, 3...: where a reader of `GET /faults/log?after=SEQ` left off. */
  readonly seq: number;
  /** Epoch ms on the proxy's clock, just before it acted. */
  readonly atMs: number;
  /** The client's address and port as the proxy saw them. */
  readonly clientAddress: string;
  readonly clientPort: number;
  readonly kind: FaultKind;
  readonly name: string;
  /** `METHOD target` of the request it hit; absent for a blackholed connection. */
  readonly request?: string;
}

/** Entries kept for readers of the log: at 1 000 injections a second, 30 s of them. */
const LOG_ENTRIES = 30_000;

/**
 * The faults in force and their counts. Replaced whole by PUT /faults; every request or
 * connection reads the current list when it is decided, so a change acts on the next one.
 * Each fault draws its own share: the first of the list that hits a request is the one
 * applied (one request fault per request, one connection fault per connection).
 */
export class FaultTable {
  #requestFaults: Fault[] = [];
  #connectionFaults: Fault[] = [];
  #counts = new Map<Fault, FaultCounts>();
  /** Injected faults by kind over the proxy's life, whatever the changes. */
  readonly totals = new Map<FaultKind, number>();
  /** The latest entries, oldest first (LOG_ENTRIES at most). */
  readonly log: LoggedFault[] = [];
  /** Told of every entry of the log as it is made (`salvo proxy --log FILE`). */
  onLogged: ((entry: LoggedFault) => void) | undefined;
  requests = 0;
  connections = 0;
  #seq = 0;
  /** Epoch ms that `from` and `to` count from. */
  startMs: number;

  constructor(faults: readonly Fault[], startMs = Date.now()) {
    this.startMs = startMs;
    this.set(faults);
  }

  set(faults: readonly Fault[]): void {
    this.#requestFaults = faults.filter((fault) => !CONNECTION_KINDS.has(fault.kind));
    this.#connectionFaults = faults.filter((fault) => CONNECTION_KINDS.has(fault.kind));
    this.#counts = new Map(faults.map((fault) => [fault, { eligible: 0, injected: 0 }]));
  }

  get faults(): Fault[] {
    return [...this.#counts.keys()];
  }

  countsOf(fault: Fault): FaultCounts | undefined {
    return this.#counts.get(fault);
  }

  /** Whether `fault` is still in force (a runtime change may have removed it). */
  holds(fault: Fault): boolean {
    return this.#counts.has(fault) && this.#inWindow(fault, Date.now());
  }

  /** The fault that hits this request, if any. */
  forRequest(method: string, target: string): Fault | undefined {
    this.requests++;
    const faults = this.#requestFaults;
    if (faults.length === 0) return undefined;
    const nowMs = Date.now();
    for (const fault of faults) {
      if (!this.#inWindow(fault, nowMs)) continue;
      if (fault.route !== undefined && !routeMatches(fault.route, method, target)) continue;
      if (this.#draw(fault)) return fault;
    }
    return undefined;
  }

  /** The fault that hits a new connection, if any. */
  forConnection(): Fault | undefined {
    this.connections++;
    const faults = this.#connectionFaults;
    if (faults.length === 0) return undefined;
    const nowMs = Date.now();
    for (const fault of faults) if (this.#inWindow(fault, nowMs) && this.#draw(fault)) return fault;
    return undefined;
  }

  /** A fault with no response to carry a header: kept in the log (GET /faults, GET /faults/log). */
  logged(fault: Fault, clientAddress: string, clientPort: number, request: string | undefined): void {
    if (this.log.length === LOG_ENTRIES) this.log.shift();
    const entry: LoggedFault = {
      seq: ++this.#seq,
      atMs: Date.now(),
      clientAddress,
      clientPort,
      kind: fault.kind,
      name: fault.name,
      ...(request === undefined ? {} : { request }),
    };
    this.log.push(entry);
    this.onLogged?.(entry);
  }

  /** The entries after `seq`, and whether some were dropped before the reader came back for them. */
  logAfter(seq: number): { entries: LoggedFault[]; lastSeq: number; missed: number } {
    const log = this.log;
    const firstSeq = log[0]?.seq ?? this.#seq + 1;
    const from = Math.max(0, seq + 1 - firstSeq);
    return { entries: log.slice(from), lastSeq: this.#seq, missed: Math.max(0, firstSeq - seq - 1) };
  }

  #inWindow(fault: Fault, nowMs: number): boolean {
    const sinceMs = nowMs - this.startMs;
    return sinceMs >= fault.fromMs && sinceMs < fault.toMs;
  }

  #draw(fault: Fault): boolean {
    const counts = this.#counts.get(fault) as FaultCounts;
    counts.eligible++;
    if (fault.share < 1 && Math.random() >= fault.share) return false;
    counts.injected++;
    this.totals.set(fault.kind, (this.totals.get(fault.kind) ?? 0) + 1);
    return true;
  }
}
