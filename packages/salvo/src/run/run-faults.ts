import { adoptFaultRouting } from '../http/index.ts';
import type { FaultPlan } from '../plan/plan.ts';
import type { RunningProxy } from '../proxy/index.ts';
import type { FaultsSection, RunData } from '../results/index.ts';

/** The fault proxy of a run whose test has `faults` (docs/proxy.md). */
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
  return {
    startsAt: (epochMs) => {
      proxy.table.startMs = epochMs;
    },
    section: (data) => faultsSection(running, plan, data),
    close: async () => {
      adoptFaultRouting(undefined);
      await running.close();
    },
  };
}

function faultsSection(running: RunningProxy, plan: FaultPlan, data: RunData): FaultsSection {
  const { proxy } = running;
  const table = proxy.table;
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
    byName: [...byName.values()].sort(
      (a, b) => a.name.localeCompare(b.name) || a.fault.localeCompare(b.fault),
    ),
    real,
  };
}
