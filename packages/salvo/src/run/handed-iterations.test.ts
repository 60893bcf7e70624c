import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { IntervalSnapshot } from '../metrics/types.ts';
import { parseSegment } from '../plan/segment.ts';
import { createVuHttp } from './http-factory.ts';
import { loadPlan } from './load-plan.ts';
import { Runner } from './runner.ts';
import { testFiles } from './testing/test-files.ts';

const files = testFiles();
after(() => files.remove());

test("a share taken over runs the iterations handed to it, not its part of the plan, with its part's VUs", async () => {
  const path = files.write(
    'handed.ts',
    `export default defineTest({
  scenarios: {
    pool: { executor: 'shared-iterations', vus: 6, iterations: 360, exec: () => {} },
    each: { executor: 'per-vu-iterations', vus: 5, iterations: 60, exec: () => {} },
    none: { executor: 'shared-iterations', vus: 2, iterations: 50, exec: () => {} },
    open: { executor: 'constant-arrival-rate', rate: 5, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1, exec: () => {} },
  },
});`,
  );
  const plan = await loadPlan({ kind: 'file', path, overrides: {} });
  const snapshots: IntervalSnapshot[] = [];
  const startAtEpochMs = Date.now();
  const runner = new Runner(plan, {
    runnerId: 'i1+i3',
    // a tenth of the plan: 0 of each's 5 VUs by its own count, so it gets one
    segment: parseSegment('4/5:9/10')!,
    startAtEpochMs,
    resumeAtEpochMs: startAtEpochMs,
    handedIterations: { pool: 28, each: 26, none: 0 },
    setupData: undefined,
    createHttp: createVuHttp,
    onSnapshot: (snapshot) => snapshots.push(snapshot),
    printError: (line) => assert.fail(line),
  });
  await runner.run();
  const iterations = new Map<string, number>();
  const vusMax = Math.max(
    ...snapshots.flatMap((snapshot) =>
      snapshot.series.filter((s) => s.metric === 'vus_max').map((s) => s.value ?? 0),
    ),
  );
  for (const snapshot of snapshots)
    for (const series of snapshot.series)
      if (series.metric === 'iterations')
        iterations.set(
          series.tags.scenario!,
          (iterations.get(series.tags.scenario!) ?? 0) + (series.count ?? 0),
        );
  // the arrival-rate scenario runs its own part (every tenth start, about), as before
  const open = iterations.get('open') ?? 0;
  iterations.delete('open');
  assert.deepEqual(Object.fromEntries(iterations), { pool: 28, each: 26 });
  assert.ok(open <= 5);
  // pool: its part of 6 VUs is 1 (floor(5.4) − floor(4.8)); each: 0, so 1; open: 1
  assert.ok(vusMax <= 3, `vus_max ${vusMax}`);
});
