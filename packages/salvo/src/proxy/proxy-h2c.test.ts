import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startH2TestServer } from '../http/testing/index.ts';
import { startTestFile } from '../run/testing/started-test-file.ts';
import { testFiles } from '../run/testing/test-files.ts';

// HTTP/2 in the clear (h2c) through the proxy a test's `faults` starts: the proxy pipes what
// is not HTTP/1.x as TCP, so only connection faults act on it; a blackholed session's
// requests are matched by the session's connection, as HTTP/1.1's are.

test('h2c: requests on a blackholed session are injected timeouts, the others pass', async () => {
  const server = await startH2TestServer({ tls: false });
  const files = testFiles();
  try {
    const started = await startTestFile(
      files,
      `export default defineTest({
        scenarios: { s: { executor: 'per-vu-iterations', vus: 16, iterations: 2, maxDuration: '60s',
          exec: async (vu) => { await vu.http.get('/echo'); } } },
        http: { baseUrl: '${server.url}', http2: 'h2c', timeout: '1500ms' },
        faults: [{ name: 'hole', kind: 'blackhole', share: 0.5 }],
      });`,
    );
    await started.running.done;
    const doc = started.results();
    const hole = doc.faults!.faults.find((fault) => fault.name === 'hole')!;
    // 16 sessions at one in two: all or none hit is a chance of 2 in 65 536
    assert.ok(
      hole.injected > 0 && hole.injected < hole.eligible,
      `${hole.injected} of ${hole.eligible} sessions`,
    );
    assert.ok(doc.errors.length > 0, 'a blackholed session fails its requests');
    for (const error of doc.errors) assert.deepEqual([error.kind, error.fault], ['timeout', 'blackhole']);
    const passed = (doc.metrics['http_req_failed{injected:false}']!.values as { fails: number }).fails;
    assert.ok(passed > 0, 'the sessions left alone answered');
    assert.equal(doc.faults!.real.failures, 0);
  } finally {
    await server.close();
    files.remove();
  }
});
