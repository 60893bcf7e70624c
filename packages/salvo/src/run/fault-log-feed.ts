import { networkInterfaces } from 'node:os';
import { SalvoError } from '../errors.ts';
import { advanceLogWatermark, createMarkTable, type MarkedKind, writeMark } from '../http/index.ts';

/** How often the proxy's log is read: a failed request waits for the next read, at most this long. */
const POLL_MS = 100;
const REQUEST_TIMEOUT_MS = 2_000;
/** The log kinds a failure with no response can be owed to (the others carry the salvo-fault header). */
const LOGGED_KINDS: ReadonlySet<string> = new Set<MarkedKind>(['reset', 'timeout', 'blackhole', 'truncate']);

/** One entry of `GET /faults/log` (proxy/fault-table.ts LoggedFault). */
interface LogEntry {
  seq: number;
  atMs: number;
  clientAddress: string;
  clientPort: number;
  kind: string;
  name: string;
}

interface LogPage {
  now: number;
  lastSeq: number;
  missed: number;
  entries: LogEntry[];
}

/** What `GET /faults` answers (proxy/control-server.ts faultState), as far as a run reads it. */
export interface RemoteFaultState {
  target: string;
  listen: string;
  faults: ({ name: string; kind: string; eligible?: number; injected?: number } & Record<string, unknown>)[];
  injectedByKind: Record<string, number>;
}

/** What the run read of the log, for the results' `faults.fromLog`. */
export interface LogCounts {
  /** Entries read over the run. */
  entries: number;
  /** Of those, entries for connections from another machine's address (not this run's). */
  otherClients: number;
  /** Entries the proxy no longer had when the run asked for them (their failures stay real). */
  missed: number;
}

/**
 * Reads a standalone `salvo proxy`'s log from its control port while the run goes
 * (`salvo run --faults-from URL`, docs/proxy.md#standalone) and writes each entry as a
 * connection mark into this run's mark table, the same marks a proxy inside the run
 * writes: the transports and the client classify both alike (http/fault-routing.ts).
 *
 * Each read also moves the watermark to the moment it was sent (this clock): the proxy
 * logs an injection before it acts, so everything it did before the client could see it
 * fail is in an answer to a read sent after that failure, whatever the two clocks say.
 * The entries' own times are on the proxy's clock, brought to this one with the offset
 * each read measures (NTP's: the proxy's `now` against the middle of the round trip).
 */
export class FaultLogFeed {
  readonly marks = createMarkTable();
  readonly counts: LogCounts = { entries: 0, otherClients: 0, missed: 0 };
  readonly #base: string;
  readonly #warn: (line: string) => void;
  readonly #local: ReadonlySet<string> = localAddresses();
  #seq = 0;
  #timer: NodeJS.Timeout | undefined;
  #reading: Promise<void> | undefined;
  #failing = false;
  #stopped = false;

  constructor(base: string, warn: (line: string) => void) {
    this.#base = base;
    this.#warn = warn;
  }

  /**
   * Checks that the control port answers (SALVO_ERR_FAULTS_FROM otherwise), reads the log
   * up to now (entries from before the run are marks of connections that are not the
   * run's: harmless) and starts reading it every POLL_MS.
   */
  async start(): Promise<RemoteFaultState> {
    const state = await this.state();
    await this.#read();
    this.#schedule();
    return state;
  }

  /** The proxy's faults and counts now (`GET /faults`). */
  async state(): Promise<RemoteFaultState> {
    try {
      const res = await fetch(`${this.#base}/faults`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return (await res.json()) as RemoteFaultState;
    } catch (error) {
      throw new SalvoError(
        'SALVO_ERR_FAULTS_FROM',
        `--faults-from: no fault proxy control port answers at ${this.#base}/faults (${(error as Error).message})`,
        'start `salvo proxy` first and give the control URL it prints',
      );
    }
  }

  /** Reads the log one last time (the failures of the run's last moments) and stops. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#reading;
    await this.#read().catch(() => undefined);
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#reading = this.#read()
        .then(() => {
          if (this.#failing) this.#warn('fault proxy log: reading again');
          this.#failing = false;
        })
        .catch((error: Error) => {
          // failures wait (at most 2 s each) and then count as real until it answers again
          if (!this.#failing)
            this.#warn(`fault proxy log: cannot read ${this.#base}/faults/log (${error.message})`);
          this.#failing = true;
        })
        .finally(() => this.#schedule());
    }, POLL_MS);
  }

  async #read(): Promise<void> {
    const sentMs = Date.now();
    const res = await fetch(`${this.#base}/faults/log?after=${this.#seq}`, {
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const page = (await res.json()) as LogPage;
    const offsetMs = page.now - (sentMs + Date.now()) / 2;
    if (page.missed > 0) {
      this.#warn(
        `fault proxy log: ${page.missed} entries were gone before the run read them; their failures count as real`,
      );
      this.counts.missed += page.missed;
    }
    for (const entry of page.entries) {
      this.counts.entries++;
      if (!LOGGED_KINDS.has(entry.kind)) continue;
      if (!this.#local.has(plainAddress(entry.clientAddress))) {
        this.counts.otherClients++;
        continue;
      }
      writeMark(this.marks, entry.clientPort, entry.kind as MarkedKind, entry.atMs - offsetMs);
    }
    this.#seq = page.lastSeq;
    advanceLogWatermark(this.marks, sentMs);
  }
}

/** This machine's addresses: a connection the proxy saw from elsewhere is not one of this run's. */
function localAddresses(): Set<string> {
  const addresses = new Set(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces()))
    for (const entry of list ?? []) addresses.add(plainAddress(entry.address));
  return addresses;
}

/** `::ffff:10.0.0.2` (IPv4 on a dual-stack socket) as `10.0.0.2`. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
