import { adoptFaultRouting } from '../http/index.ts';
import type { FaultPlan } from '../plan/plan.ts';
import type { FaultOutcome, FaultsSection, RunData } from '../results/index.ts';
import { FaultLogFeed, type RemoteFaultState } from './fault-log-feed.ts';

/**
 * The fault proxy of a run: started by the run for a test's `faults`, or a standalone
 * `salvo proxy` whose log the run reads (`--faults-from`). Either way the runners read the
 * same connection marks and the results get the same `faults` section (docs/proxy.md).
 */
export interface RunFaults {
  /** The faults' `from` and `to` count from the run's start. */
  startsAt(epochMs: number): void;
  /** The results' `faults` section. */
  section(data: RunData): FaultsSection;
  close(): Promise<void>;
}

/**
 * Starts the proxy in front of the plan's target and routes this process's connections to
 * that origin through it (worker threads are handed the same routing: thread-runner.ts).
 */
export async function startRunFaults(plan: FaultPlan | undefined): Promise<RunFaults | undefined> {
  if (plan === undefined) return undefined;
  // the proxy's modules load only for a test with faults
  const { startFaultProxy } = await import('../proxy/index.ts');
  const running = await startFaultProxy({
    target: new URL(plan.target),
    faults: plan.faults,
    controlPort: plan.controlPort,
  });
  const { proxy } = running;
  adoptFaultRouting({
    routes: { [plan.target]: { host: proxy.host, port: proxy.port } },
    marks: proxy.marks,
  });
  if (running.controlPort !== undefined)
    process.stderr.write(`salvo: fault proxy control: http://127.0.0.1:${running.controlPort}/faults\n`);
  const table = proxy.table;
  return {
    startsAt: (epochMs) => {
      table.startMs = epochMs;
    },
    section: (data) =>
      faultsSection(data, {
        target: plan.target,
        proxy: `${proxy.host}:${proxy.port}`,
        ...(running.controlPort === undefined ? {} : { controlPort: running.controlPort }),
        faults: table.faults.map((fault) => {
          const { kind: _kind, name: _name, ...settings } = fault.input;
          return {
            name: fault.name,
            kind: fault.kind,
            settings,
            ...(table.countsOf(fault) ?? { eligible: 0, injected: 0 }),
          };
        }),
        injectedByKind: Object.fromEntries(table.totals),
      }),
    close: async () => {
      adoptFaultRouting(undefined);
      await running.close();
    },
  };
}

/**
 * Reads the log of a `salvo proxy` in another process from its control port (`base`,
 * `http://127.0.0.1:PORT`) and hands this process's runners its marks (fault-log-feed.ts).
 * The section's counts are the proxy's over the run: its counts at the end less those at
 * the start (a fault a `PUT /faults` set during the run counts from zero).
 */
export async function startLogFaults(base: string, warn: (line: string) => void): Promise<RunFaults> {
  const feed = new FaultLogFeed(base.replace(/\/+$/, '').replace(/\/faults$/, ''), warn);
  const before = await feed.start();
  adoptFaultRouting({ routes: {}, marks: feed.marks, fromLog: true });
  let after: RemoteFaultState | undefined;
  return {
    // the proxy's `from` and `to` count from its own start
    startsAt: () => undefined,
    section: (data) => {
      const end = after ?? before;
      return faultsSection(data, {
        target: end.target,
        proxy: end.listen,
        controlPort: Number(new URL(base).port),
        faults: end.faults.map((fault) => remoteOutcome(fault, before)),
        injectedByKind: difference(end.injectedByKind, before.injectedByKind),
        fromLog: { control: base, ...feed.counts },
      });
    },
    close: async () => {
      await feed.stop();
      after = await feed.state().catch(() => undefined);
      adoptFaultRouting(undefined);
    },
  };
}

function remoteOutcome(fault: RemoteFaultState['faults'][number], before: RemoteFaultState): FaultOutcome {
  const { kind, name, eligible = 0, injected = 0, active: _active, ...settings } = fault;
  const start = before.faults.find((old) => old.name === name && old.kind === kind);
  return {
    name,
    kind,
    settings,
    eligible: eligible - (start?.eligible ?? 0),
    injected: injected - (start?.injected ?? 0),
  };
}

function difference(end: Record<string, number>, start: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [kind, count] of Object.entries(end)) {
    const delta = count - (start[kind] ?? 0);
    if (delta > 0) out[kind] = delta;
  }
  return out;
}

/** The section: what the proxy says it did, and what the client saw (its `injected` tags). */
function faultsSection(data: RunData, proxySide: Omit<FaultsSection, 'byName' | 'real'>): FaultsSection {
  const byName = new Map<string, FaultsSection['byName'][number]>();
  const real = { requests: 0, failures: 0 };
  for (const series of data.cumulative.series()) {
    const { metric, tags } = series;
    if (metric !== 'http_reqs' && metric !== 'http_req_failed') continue;
    let into: { requests: number; failures: number } = real;
    if (tags.injected === 'true') {
      const key = `${tags.name}\0${tags.fault}`;
      into = byName.get(key) ?? { name: tags.name ?? '', fault: tags.fault ?? '', requests: 0, failures: 0 };
      byName.set(key, into as FaultsSection['byName'][number]);
    }
    if (metric === 'http_reqs') into.requests += series.count;
    else into.failures += series.passes;
  }
  return {
    ...proxySide,
    byName: [...byName.values()].sort(
      (a, b) => a.name.localeCompare(b.name) || a.fault.localeCompare(b.fault),
    ),
    real,
  };
}
