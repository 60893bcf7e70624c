/**
 * `faults` in the results document: what the run's fault proxy injected (docs/proxy.md).
 * The proxy's counts say what it did; `byName` says what the client saw, from the
 * `injected` and `fault` tags of its requests, so the two can be checked against each other.
 */
export interface FaultsSection {
  /** The origin the proxy stood in front of. */
  target: string;
  /** Where it listened, `host:port`. */
  proxy: string;
  /** Its control port, when the test asked for one. */
  controlPort?: number;
  /** The faults in force at the end, with the proxy's counts (a PUT /faults during the run replaces them). */
  faults: FaultOutcome[];
  /** Everything the proxy injected over the run, by kind (whatever the changes). */
  injectedByKind: Record<string, number>;
  /** Requests the client saw marked, by request name and fault kind; failures among them. */
  byName: { name: string; fault: string; requests: number; failures: number }[];
  /** Requests the proxy left alone: the service's own failures. */
  real: { requests: number; failures: number };
  /**
   * Only when the run read a standalone proxy's log (`salvo run --faults-from`): where, and
   * how many entries it read (`otherClients`: for connections from another machine,
   * `missed`: gone before the run read them). The proxy's counts above are over the run.
   */
  fromLog?: { control: string; entries: number; otherClients: number; missed: number };
}

export interface FaultOutcome {
  name: string;
  kind: string;
  /** The rest of the fault as written (share, route, from, to, delay, ...). */
  settings: Record<string, unknown>;
  /** Requests (connections, for bandwidth and blackhole) in its window and route. */
  eligible: number;
  injected: number;
}
