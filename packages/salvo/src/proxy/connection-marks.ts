import { clearMark, type MarkedKind, writeMark } from '../http/index.ts';
import type { FaultTable } from './fault-table.ts';
import type { Fault } from './fault-types.ts';

/**
 * One client connection's slot in the run's connection marks (http/fault-routing.ts):
 * what the proxy writes there before a fault the client will see as a failure.
 */
export class ConnectionMarks {
  readonly #marks: SharedArrayBuffer;
  readonly #table: FaultTable;
  /** The client's address and port: the port is the slot. */
  readonly #address: string;
  readonly #port: number;
  /** The slot stands for a delay (latency, slow first byte, bandwidth) of the last request. */
  #delayMarked = false;

  constructor(marks: SharedArrayBuffer, table: FaultTable, address: string, port: number) {
    this.#marks = marks;
    this.#table = table;
    this.#address = address;
    this.#port = port;
  }

  /**
   * Before a reset, a stall, a blackhole or a cut: marked, and kept in the proxy's log with
   * the request it hit (`METHOD target`), for a run in another process (docs/proxy.md#standalone).
   */
  mark(fault: Fault, kind: MarkedKind, request?: string): void {
    writeMark(this.#marks, this.#port, kind, Date.now());
    this.#table.logged(fault, this.#address, this.#port, request);
  }

  /**
   * A delayed request is marked too, so that a client that gives up while the proxy holds
   * the answer back counts an injected timeout; the mark comes off with the next request
   * (the client had its answer), so a later failure of the service's own stays real.
   */
  request(fault: Fault | undefined): void {
    const kind = fault?.kind;
    if (kind === 'latency' || kind === 'slow-first-byte' || kind === 'bandwidth') {
      writeMark(this.#marks, this.#port, kind, Date.now());
      this.#delayMarked = true;
    } else if (this.#delayMarked) {
      clearMark(this.#marks, this.#port);
      this.#delayMarked = false;
    }
  }
}
