import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { assertUsageError, salvo } from '../cli/testing/salvo-process.ts';
import type { ResultsDocument } from '../results/index.ts';
import { testFiles } from '../run/testing/test-files.ts';
import { schemaErrors } from '../suites/testing/results-schema.ts';
import { type CountingServer, startCountingServer } from './testing/counting-server.ts';
import { startProxyProcess } from './testing/proxy-process.ts';

// `salvo proxy` in one process, `salvo run --faults-from` in another, both spawned through
// the CLI as users run them, in front of a real loopback server: the run reads the proxy's
// log and counts the resets and stalls it injected as injected, the server's own resets as real.

let server: CountingServer;
const files = testFiles();
before(async () => {
  server = await startCountingServer();
});
after(async () => {
  await server.close();
  files.remove();
});

interface ProxyState {
  injectedByKind: Record<string, number>;
  faults: { name: string; eligible: number; injected: number }[];
}

const sum = (doc: ResultsDocument, pick: (e: ResultsDocument['errors'][number]) => boolean) =>
  doc.errors.filter(pick).reduce((total, e) => total + e.count, 0);

/** A run of `iterations` requests from 10 VUs through the proxy, `path(i)` each, its log read from `control`. */
async function runAgainst(
  proxyUrl: string,
  control: string,
  options: { iterations: number; path: string; transport?: string },
): Promise<{ doc: ResultsDocument; stdout: string; code: number | null }> {
  const test = files.write(
    `standalone-${Date.now()}.ts`,
    `export default defineTest({
      scenarios: { s: { executor: 'shared-iterations', vus: 10, iterations: ${options.iterations}, maxDuration: '90s',
        exec: async (vu) => { const i = vu.iteration; await vu.http.get(${options.path}); } } },
      http: { baseUrl: '${proxyUrl}', timeout: '1500ms', transport: '${options.transport ?? 'lean'}' },
    });`,
  );
  const out = join(files.dir, `standalone-${Date.now()}.json`);
  const ran = await salvo(['run', test, '--faults-from', control, '-o', `json=${out}`, '--no-color']);
  assert.ok(ran.code === 0, `exit ${ran.code}: ${ran.stderr}`);
  return {
    doc: JSON.parse(readFileSync(out, 'utf8')) as ResultsDocument,
    stdout: ran.stdout,
    code: ran.code,
  };
}

test('a standalone proxy and a separate run: injected resets and stalls are injected, the server’s own resets real', async () => {
  const proxy = await startProxyProcess(server.url, [
    '--fault',
    'reset:name=cut,share=20%,route=/r',
    '--fault',
    'timeout:name=stall,share=10%,route=/s',
  ]);
  try {
    const realBefore = server.count('/real');
    const { doc, stdout } = await runAgainst(proxy.url, proxy.control, {
      iterations: 1600,
      path: "['/r', '/s', '/real?reset', '/ok'][i % 4]",
    });
    const state = (await (await fetch(`${proxy.control}/faults`)).json()) as ProxyState;
    const resets = state.injectedByKind.reset ?? 0;
    const stalls = state.injectedByKind.timeout ?? 0;
    // the run's section: the proxy's counts over the run, and how the log was read
    assert.deepEqual(doc.faults?.injectedByKind, { reset: resets, timeout: stalls });
    assert.equal(doc.faults?.fromLog?.control, proxy.control);
    assert.equal(doc.faults?.fromLog?.entries, resets + stalls);
    assert.deepEqual([doc.faults?.fromLog?.otherClients, doc.faults?.fromLog?.missed], [0, 0]);

    // every injection the proxy logged is one injected error at the client, of its kind, on its route
    assert.equal(
      sum(doc, (e) => e.fault === 'reset'),
      resets,
      'each injected reset is an injected error',
    );
    assert.equal(
      sum(doc, (e) => e.fault === 'timeout'),
      stalls,
      'each stalled request is an injected timeout',
    );
    for (const e of doc.errors.filter((e) => e.fault !== undefined))
      assert.deepEqual([e.name, e.fault], e.fault === 'reset' ? ['/r', 'reset'] : ['/s', 'timeout']);
    // the server's own resets stay real: every /real request failed, none of them injected
    const realErrors = doc.errors.filter((e) => e.fault === undefined);
    assert.ok(
      realErrors.length > 0 && realErrors.every((e) => e.name === '/real' && e.kind === 'reset'),
      JSON.stringify(realErrors),
    );
    // (vu.iteration is each VU's own: about 400 of each path, not exactly)
    const failed = (key: string) => doc.metrics[key]?.values as { passes: number; fails: number };
    const real = failed('http_req_failed{name:/real}');
    assert.ok(real.passes > 300 && real.fails === 0, JSON.stringify(real));
    assert.ok(server.count('/real') - realBefore >= real.passes);
    assert.equal(doc.faults?.real.failures, real.passes, 'the only real failures are the server’s resets');
    assert.equal(failed('http_req_failed{injected:false}').passes, real.passes);

    // the shares drawn: ~400 draws each (σ 2 % at 20 %, 1.5 % at 10 %); 7 % is over 3.5 σ
    for (const [name, share] of [
      ['cut', 0.2],
      ['stall', 0.1],
    ] as const) {
      const fault = doc.faults!.faults.find((f) => f.name === name)!;
      assert.ok(fault.eligible >= 300, `${name}: ${fault.eligible} eligible`);
      assert.ok(
        Math.abs(fault.injected / fault.eligible - share) < 0.07,
        `${name}: ${fault.injected}/${fault.eligible}`,
      );
    }
    // per second: the injected failures apart, adding up to the run's
    const column = (values: number[] | undefined) => (values ?? []).reduce((a, b) => a + b, 0);
    const injectedFailed = doc.faults!.byName.reduce((total, row) => total + row.failures, 0);
    const { total } = doc.series;
    assert.equal(total.injectedFailures?.length, total.failures.length);
    assert.equal(column(total.injectedFailures), injectedFailed);
    assert.equal(column(total.failures) - column(total.injectedFailures), real.passes);
    assert.equal(column(doc.series.byName['/real']?.injectedFailures), 0);
    assert.equal(schemaErrors(doc), '');
    // the summary's FAULTS block has them too
    assert.match(stdout, /FAULTS/);
    assert.match(stdout, new RegExp(`log read from ${proxy.control}: ${resets + stalls} entries\\n`));
  } finally {
    const stopped = await proxy.stop();
    assert.equal(stopped.code, 0);
  }
});

test('through undici too: its connections are matched by their local port alike', async () => {
  const proxy = await startProxyProcess(server.url, ['--fault', 'reset:name=cut,share=20%,route=/r']);
  try {
    const { doc } = await runAgainst(proxy.url, proxy.control, {
      iterations: 600,
      path: "['/r', '/real?reset', '/ok'][i % 3]",
      transport: 'undici',
    });
    const state = (await (await fetch(`${proxy.control}/faults`)).json()) as ProxyState;
    const resets = state.injectedByKind.reset ?? 0;
    assert.ok(resets > 10, `${resets} resets`);
    assert.equal(
      sum(doc, (e) => e.fault === 'reset'),
      resets,
      'each injected reset is an injected error',
    );
    const real = doc.errors.filter((e) => e.fault === undefined);
    assert.ok(real.length > 0 && real.every((e) => e.name === '/real'), JSON.stringify(real));
    assert.equal(doc.errors.filter((e) => e.name === '/r' && e.fault === undefined).length, 0);
  } finally {
    await proxy.stop();
  }
});

test('--faults-from that cannot be: one line with its code, exit 1', async () => {
  // a port nothing listens on: a server closed just now
  const closed = await startCountingServer();
  await closed.close();
  const quick = ['run', '--url', `${server.url}/ok`, '--iterations', '1', '--no-color'];
  assertUsageError(
    await salvo([...quick, '--faults-from', closed.url]),
    /--faults-from: no fault proxy control port answers at http:\/\/127\.0\.0\.1:\d+\/faults .*SALVO_ERR_FAULTS_FROM/,
  );
  assertUsageError(
    await salvo([...quick, '--faults-from', 'ftp://127.0.0.1:9001']),
    /--faults-from: the control port speaks http:\/\/, not ftp:.*SALVO_ERR_USAGE/,
  );
  const withFaults = files.write(
    'own-faults.ts',
    `export default defineTest({ iterations: 1, http: { baseUrl: '${server.url}' },
      exec: async (vu) => { await vu.http.get('/ok'); }, faults: [{ kind: 'reset', share: 0.1 }] });`,
  );
  assertUsageError(
    await salvo(['run', withFaults, '--faults-from', 'http://127.0.0.1:9001']),
    /--faults-from: the test has its own `faults`: one proxy per run.*SALVO_ERR_USAGE/,
  );
});
