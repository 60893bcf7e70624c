/**
 * vu.group (k6's group): group_duration per group path, and the group as a tag on every
 * sample inside it (requests, checks, custom metrics); samples outside carry no group tag.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../http/testing/index.ts';
import { startTestFile } from './testing/started-test-file.ts';
import { testFiles } from './testing/test-files.ts';

let server: TestServer;
const files = testFiles();
const SALVO = new URL('../index.ts', import.meta.url).href;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
  files.remove();
});

type Values = Record<string, number>;

test('group_duration times each group; everything inside carries the group path', async () => {
  const started = await startTestFile(
    files,
    `import { Counter } from '${SALVO}';
    const paid = new Counter('grp_paid');
    export default defineTest({
      scenarios: { shop: { executor: 'per-vu-iterations', vus: 2, iterations: 3, exec: async (vu) => {
        await vu.http.get('${server.url}/home');
        const total = await vu.group('checkout', async () => {
          const cart = await vu.http.get('${server.url}/delay?ms=30', { name: 'cart' });
          vu.check(cart, { 'cart ok': (r) => r.status === 200 });
          await vu.group('pay', async () => {
            await vu.http.get('${server.url}/delay?ms=20', { name: 'pay' });
            paid.add(1);
          });
          return 42;
        });
        if (total !== 42) throw new Error('vu.group returns what its function returns');
        vu.check(total, { 'after the group': (t) => t === 42 });
      } } },
      thresholds: {
        'group_duration{group:::checkout}': ['p(95)<5000', 'min>45'],
        'http_req_duration{group:::checkout::pay}': ['count==6'],
      },
    });`,
  );
  const { exitCode, results: doc } = await started.running.done;
  assert.equal(exitCode, 0, JSON.stringify(doc.errors));
  const values = (key: string) => doc.metrics[key]?.values as Values | undefined;
  assert.equal(values('group_duration')!.count, 12, 'one sample per group per iteration, nested included');
  assert.equal(doc.metrics['group_duration{group:::checkout}']?.thresholds?.['min>45']?.ok, true);
  assert.equal(doc.metrics['http_req_duration{group:::checkout::pay}']?.thresholds?.['count==6']?.ok, true);

  // request names, checks and custom metrics are recorded as without groups
  assert.equal(values('http_reqs{name:/home}')!.count, 6);
  assert.equal(values('http_reqs{name:cart}')!.count, 6);
  assert.equal(values('grp_paid')!.count, 6);
  assert.deepEqual(doc.checks.map((c) => [c.name, c.passes]).sort(), [
    ['after the group', 6],
    ['cart ok', 6],
  ]);
});

test('the group tag is exactly the k6 path, and absent outside groups', async () => {
  const started = await startTestFile(
    files,
    `import { Counter } from '${SALVO}';
    const marks = new Counter('grp_marks');
    export default defineTest({
      iterations: 1,
      thresholds: {
        'http_reqs{group:::a}': ['count==1'],
        'http_reqs{group:::a::b}': ['count==1'],
        'grp_marks{group:::a::b}': ['count==5'],
        'grp_marks{group:::a}': ['count==0'],
        'checks{group:::a}': ['rate==1'],
      },
      exec: async (vu) => {
        await vu.http.get('${server.url}/outside');
        await vu.group('a', async () => {
          await vu.http.get('${server.url}/in-a');
          vu.check(1, { one: (v) => v === 1 });
          await vu.group('b', async () => {
            await vu.http.get('${server.url}/in-b');
            marks.add(5);
          });
        });
        await vu.http.get('${server.url}/after');
      },
    });`,
  );
  const { exitCode, results: doc } = await started.running.done;
  assert.equal(exitCode, 0, JSON.stringify(doc.metrics, null, 1));
  // 4 requests in all and one in each group: the 2 outside carry neither group's tag
  assert.equal((doc.metrics.http_reqs!.values as Values).count, 4);
});

test('a group that throws still records its duration and leaves the VU outside it', async () => {
  const started = await startTestFile(
    files,
    `export default defineTest({
      iterations: 2,
      thresholds: { 'http_reqs{group:::broken}': ['count==2'], 'group_duration{group:::broken}': ['count==2'] },
      exec: async (vu) => {
        await vu.http.get('${server.url}/before');
        try {
          await vu.group('broken', async () => {
            await vu.http.get('${server.url}/inside');
            throw new Error('boom');
          });
        } catch {}
        await vu.http.get('${server.url}/outside');
      },
    });`,
  );
  const { exitCode, results: doc } = await started.running.done;
  assert.equal(exitCode, 0, JSON.stringify(doc.metrics, null, 1));
});

test('two groups of one VU side by side are refused, and the VU leaves both', async () => {
  const started = await startTestFile(
    files,
    `export default defineTest({
      iterations: 1,
      // x's own request, then the later x: the last request, outside any group, is not in it
      thresholds: { 'http_reqs{group:::x}': ['count==2'], checks: ['rate==1'] },
      exec: async (vu) => {
        const settled = await Promise.allSettled([
          vu.group('x', () => vu.http.get('${server.url}/delay?ms=10')),
          vu.group('y', () => vu.http.get('${server.url}/delay?ms=50')),
        ]);
        vu.check(settled, {
          'both refused': (s) => s.every((r) => r.status === 'rejected' && /cannot run in parallel/.test(r.reason.message)),
        });
        await vu.group('x', () => vu.http.get('${server.url}/echo'));
        await vu.http.get('${server.url}/echo');
      },
    });`,
  );
  const { exitCode, results: doc } = await started.running.done;
  assert.equal(exitCode, 0, JSON.stringify(doc.metrics, null, 1));
  assert.deepEqual(doc.checks, [{ name: 'both refused', passes: 1, fails: 0 }]);
});
