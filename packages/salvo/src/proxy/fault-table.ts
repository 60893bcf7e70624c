import { CONNECTION_KINDS, type Fault, type FaultKind } from './fault-types.ts';
import { routeMatches } from './route-match.ts';

/** What the proxy counted for one fault since it was set. */
interface FaultCounts {
  /** Requests (connections) in its window and route: the ones it could hit. */
  eligible: number;
  /** Those it hit. */
  injected: number;
}

/** A connection-level event of the proxy's log: what GET /faults shows of resets, timeouts and blackholes. */
export interface LoggedFault {
  readonly atMs: number;
  readonly clientPort: number;
  readonly kind: FaultKind;
  readonly name: string;
}

const LOG_ENTRIES = 200;

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
  readonly log: LoggedFault[] = [];
  /** Told of every entry of the log as it is made (`salvo proxy --log FILE`). */
  onLogged: ((entry: LoggedFault) => void) | undefined;
  requests = 0;
  connections = 0;
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

  /** A fault with no response to carry a header: kept in the log GET /faults shows. */
  logged(fault: Fault, clientPort: number): void {
    if (this.log.length === LOG_ENTRIES) this.log.shift();
    const entry = { atMs: Date.now(), clientPort, kind: fault.kind, name: fault.name };
    this.log.push(entry);
    this.onLogged?.(entry);
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
