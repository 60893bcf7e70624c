/**
 * Runs every test in samples/ through the `salvo` command against a real local server, so
 * no sample rots: each must exit as expected and leave the facts it demonstrates in its
 * results document.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type LlmSim, startLlmSim } from '@salvo/llm-sim';
import {
  startH2TestServer,
  startTestServer,
  type TestServer,
} from '../packages/salvo/src/http/testing/index.ts';
import type { ResultsDocument } from '../packages/salvo/src/results/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'packages/salvo/bin/salvo.js');
const SAMPLES = join(ROOT, 'samples');
/** Far above a sample's ≤ 3 s of load; a run past it is killed and fails its test. */
const RUN_LIMIT_MS = 45_000;

interface Ran {
  readonly code: number | null;
  readonly stderr: string;
  readonly doc: ResultsDocument | undefined;
}

interface Expectation {
  readonly exitCode: 0 | 2 | 99;
  /** `dir`: the working directory the sample ran in (its own when it writes files). */
  readonly verify: (doc: ResultsDocument, dir: string) => void;
  /** The sample writes files relative to the working directory: it runs in a fresh one. */
  readonly writesFiles?: true;
  /** The sample speaks HTTP/2 in plain text: it runs against the h2c test server. */
  readonly h2c?: true;
}

/** One of a summary entry's values, e.g. ('http_reqs', 'count'); fails when the key is missing. */
const value = (doc: ResultsDocument, key: string, field: string): number => {
  const values = doc.metrics[key]?.values as Record<string, number> | undefined;
  assert.ok(values, `no metric "${key}" in ${Object.keys(doc.metrics).join(', ')}`);
  assert.equal(typeof values[field], 'number', `${key} has no ${field}`);
  return values[field]!;
};
const count = (doc: ResultsDocument, key: string): number => value(doc, key, 'count');

const check = (doc: ResultsDocument, name: string) => {
  const entry = doc.checks.find((c) => c.name === name);
  assert.ok(entry, `no check "${name}" in ${doc.checks.map((c) => c.name).join(', ')}`);
  return entry;
};

/** Every check ran and none failed. */
const checksAllPass = (doc: ResultsDocument, names: readonly string[]): void => {
  for (const name of names) {
    const { passes, fails } = check(doc, name);
    assert.ok(passes > 0, `check "${name}" never passed`);
    assert.equal(fails, 0, `check "${name}" failed ${fails} times`);
  }
};

const thresholdOk = (doc: ResultsDocument, key: string, expression: string): boolean | undefined =>
  doc.metrics[key]?.thresholds?.[expression]?.ok;

/** Seconds of the run (by their start in ms) in the fault phase of fault-phase.ts (1 s to 2 s) and outside it. */
const phases = (doc: ResultsDocument) => {
  const t = doc.series.t as number[];
  const { p90, failures } = doc.series.total as unknown as { p90: (number | null)[]; failures: number[] };
  const pick = (inPhase: boolean) =>
    t.flatMap((ms, i) =>
      (ms >= 1000 && ms < 2000) === inPhase ? [{ p90: p90[i] ?? 0, failures: failures[i] ?? 0 }] : [],
    );
  return { during: pick(true), outside: pick(false) };
};

const EXPECTED: Record<string, Expectation> = {
  'fault-phase.ts': {
    exitCode: 0,
    verify(doc) {
      const { during, outside } = phases(doc);
      assert.ok(during.length > 0 && outside.length > 1, JSON.stringify(doc.series.t));
      // the latency rises in the phase (half the requests +150 ms) and recovers after it; p90,
      // not p99: the second after the phase still ends a few requests that started in it
      assert.ok(Math.min(...during.map((s) => s.p90)) > 90, JSON.stringify(during));
      assert.ok(
        Math.max(...outside.map((s) => s.p90)) < Math.min(...during.map((s) => s.p90)),
        JSON.stringify({ during, outside }),
      );
      // failures only in the phase, all of them injected
      assert.ok(during.reduce((n, s) => n + s.failures, 0) > 0);
      assert.equal(
        outside.reduce((n, s) => n + s.failures, 0),
        0,
      );
      assert.ok(doc.errors.every((e) => e.fault === 'http-error' && e.name === '/api/posts/:id'));
      assert.equal(doc.faults?.real.failures, 0);
      assert.ok((doc.faults?.injectedByKind.latency ?? 0) > 0);
      assert.equal(thresholdOk(doc, 'http_req_failed{injected:false}', 'rate<0.01'), true);
    },
  },
  'custom-metrics.ts': {
    exitCode: 0,
    verify(doc) {
      const iterations = count(doc, 'iterations');
      assert.equal(count(doc, 'ttfb'), iterations);
      assert.equal(doc.metrics.ttfb?.contains, 'time');
      assert.equal(count(doc, 'items_viewed'), iterations);
      assert.equal(value(doc, 'body_size', 'min'), 2, 'the server answers "ok"');
      assert.ok(value(doc, 'last_item', 'max') <= 20);
      assert.equal(thresholdOk(doc, 'body_size{kind:item}', 'min>0'), true);
      assert.equal(thresholdOk(doc, 'fast_answers', 'rate>0.5'), true);
    },
  },
  'http2.ts': {
    exitCode: 0,
    h2c: true,
    verify(doc) {
      assert.equal(doc.meta.transport, 'h2');
      checksAllPass(doc, ['carried by HTTP/2', 'status 200', 'all parts arrived', 'trailers arrived']);
      assert.equal(count(doc, 'http_reqs{name:page}') * 5, count(doc, 'http_reqs'));
    },
  },
  'first-test.ts': {
    exitCode: 0,
    verify(doc) {
      assert.ok(count(doc, 'http_reqs{name:/}') > 0);
      checksAllPass(doc, ['status is 200']);
    },
  },
  'ramping-vus.ts': {
    exitCode: 0,
    verify(doc) {
      assert.equal(Object.keys(doc.options.scenarios as object).join(), 'ramp');
      assert.equal(value(doc, 'vus_max', 'max'), 4);
      assert.ok(count(doc, 'http_reqs{name:/delay}') > 0);
    },
  },
  'arrival-rate.ts': {
    exitCode: 0,
    verify(doc) {
      // 50/s for 2 s, plus (10+50)/2 + (50+10)/2 over the ramp: every start happens or is dropped
      const dropped = doc.metrics.dropped_iterations ? count(doc, 'dropped_iterations') : 0;
      assert.equal(count(doc, 'iterations') + dropped, 160);
      assert.ok(count(doc, 'response_time') > 0, 'open model records response_time');
    },
  },
  'weighted-tasks.ts': {
    exitCode: 0,
    verify(doc) {
      const reads = count(doc, 'http_reqs{name:/posts/:id}');
      const lists = count(doc, 'http_reqs{name:/posts}');
      assert.ok(reads > lists && lists > 0, `weights 6:3, got ${reads} reads and ${lists} lists`);
      assert.ok(count(doc, 'http_reqs{name:create post}') > 0);
      assert.equal(count(doc, 'http_reqs{name:login}'), 3, 'onStart runs once per VU');
      assert.equal(count(doc, 'http_reqs{name:/logout}'), 3, 'onStop runs once per VU');
    },
  },
  'checks-and-names.ts': {
    exitCode: 0,
    verify(doc) {
      for (const name of ['/post/:id', 'search', 'echo'])
        assert.ok(count(doc, `http_reqs{name:${name}}`) > 0);
      checksAllPass(doc, ['status is 200', 'body says ok', 'echo has the id']);
    },
  },
  'test-data.ts': {
    exitCode: 0,
    verify(doc) {
      assert.equal(count(doc, 'http_reqs{name:login}'), 30);
      checksAllPass(doc, ['logged in as the row']);
    },
  },
  'thresholds.ts': {
    exitCode: 0,
    verify(doc) {
      assert.equal(doc.meta.outcome, 'passed');
      assert.equal(thresholdOk(doc, 'http_req_duration{name:/api/items/:id}', 'p(99)<1000'), true);
      assert.equal(thresholdOk(doc, 'http_req_failed', 'rate<0.01'), true);
      assert.equal(thresholdOk(doc, 'checks', 'rate>0.99'), true);
    },
  },
  'thresholds-crossed.ts': {
    exitCode: 99,
    verify(doc) {
      assert.equal(doc.meta.outcome, 'thresholds_crossed');
      assert.equal(thresholdOk(doc, 'http_req_failed', 'rate<0.05'), false);
      assert.ok(doc.errors.some((e) => e.kind === 'http_5xx' && e.name === '/status/:id'));
    },
  },
  'retries-and-timeouts.ts': {
    exitCode: 0,
    verify(doc) {
      assert.ok(count(doc, 'http_req_retries') > 0);
      assert.ok(doc.errors.some((e) => e.kind === 'timeout' && e.name === '/delay'));
      // each retried 503 is an error of its kind; the request it retried ends as a success
      const flaky = doc.errors.filter((e) => e.name === '/flaky');
      assert.deepEqual(
        flaky.map((e) => e.kind),
        ['http_5xx'],
      );
      assert.equal(flaky[0]!.count, count(doc, 'http_req_retries'));
      checksAllPass(doc, ['ok after one retry', 'slow request timed out', '404 expected']);
    },
  },
  'scenarios.ts': {
    exitCode: 0,
    verify(doc) {
      assert.deepEqual(Object.keys(doc.options.scenarios as object), ['warmup', 'readers', 'writers']);
      assert.equal(count(doc, 'iterations{scenario:writers}'), 10);
      assert.ok(count(doc, 'http_reqs{name:new post}') === 10);
      assert.equal(thresholdOk(doc, 'http_req_duration{scenario:readers}', 'p(95)<1000'), true);
    },
  },
  'groups.ts': {
    exitCode: 0,
    verify(doc) {
      // three groups a pass: browse, checkout and pay inside it
      assert.equal(count(doc, 'group_duration'), 3 * count(doc, 'iterations'));
      assert.equal(thresholdOk(doc, 'group_duration{group:::checkout}', 'p(95)<2000'), true);
      assert.equal(count(doc, 'http_req_duration{group:::checkout::pay}'), count(doc, 'http_reqs{name:pay}'));
      checksAllPass(doc, ['added to cart']);
    },
  },
  'http-requests.ts': {
    exitCode: 0,
    verify(doc) {
      checksAllPass(doc, [
        'JSON body arrived',
        'default headers sent',
        'marked as test traffic',
        'form encoded',
        'cookies sent back',
        'HEAD has content-length',
        'TTFB measured',
        'redirects followed',
      ]);
      assert.ok(count(doc, 'http_reqs{name:/redirect/:id}') > 0, 'each redirect hop is a request');
    },
  },
  'sequential-tasks.ts': {
    exitCode: 0,
    verify(doc) {
      // one iteration is the whole journey: 2 VUs x 3 passes, each step once per pass
      assert.equal(count(doc, 'iterations'), 6);
      for (const name of ['login', '/products/:id', 'checkout'])
        assert.equal(count(doc, `http_reqs{name:${name}}`), 6);
      checksAllPass(doc, ['checked out']);
      // three think times of 50 ms in every pass
      assert.ok(value(doc, 'iteration_duration', 'min') >= 145);
    },
  },
  'on-summary.ts': {
    exitCode: 0,
    writesFiles: true,
    verify(doc, dir) {
      const written = JSON.parse(readFileSync(join(dir, 'reports/summary.json'), 'utf8'));
      assert.equal(written.meta.testId, doc.meta.testId, 'the hook got the results document');
      assert.equal(
        typeof value(doc, 'http_req_duration', 'p(99.99)'),
        'number',
        'summaryTrendStats adds p(99.99)',
      );
      const junit = readFileSync(join(dir, 'reports/junit.xml'), 'utf8');
      assert.match(junit, /<testsuite name=".*on-summary\.ts" tests="2" failures="0">/);
      assert.match(junit, /<testcase name="http_req_duration p\(95\)&lt;1000"\/>/);
    },
  },
  'llm-openai.ts': {
    exitCode: 0,
    verify(doc) {
      const calls = count(doc, 'llm_requests');
      assert.ok(calls > 0);
      assert.equal(count(doc, 'llm_requests{tokens_from:usage}'), calls, 'the simulator sends usage');
      assert.equal(count(doc, 'llm_ttft'), calls);
      assert.equal(thresholdOk(doc, 'llm_ttft', 'p(95)<1000'), true);
      assert.equal(thresholdOk(doc, 'llm_goodput', 'rate>0.9'), true);
      checksAllPass(doc, ['answered with tokens']);
    },
  },
  'setup-teardown.ts': {
    exitCode: 0,
    verify(doc) {
      checksAllPass(doc, ['token from setup sent']);
    },
  },
};

/** `salvo run -q -w WORKERS -o json=OUT samples/FILE` with TARGET set, in `cwd`; reads the document if written. */
function runSample(file: string, target: string, outFile: string, workers = 1, cwd = ROOT): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [BIN, 'run', '-q', '-w', String(workers), '-o', `json=${outFile}`, join(SAMPLES, file)],
      {
        cwd,
        env: { ...process.env, TARGET: target, LLM_URL: llmSim.url },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      let doc: ResultsDocument | undefined;
      try {
        doc = JSON.parse(readFileSync(outFile, 'utf8')) as ResultsDocument;
      } catch {
        doc = undefined;
      }
      resolve({ code, stderr, doc });
    });
  });
}

const sampleFiles = readdirSync(SAMPLES)
  .filter((name) => name.endsWith('.ts'))
  .sort();

let server: TestServer;
let h2cServer: TestServer;
/** The LLM simulator, for the samples that load-test an LLM endpoint (LLM_URL). */
let llmSim: LlmSim;
let outDir: string;
before(async () => {
  [server, h2cServer, llmSim] = await Promise.all([
    startTestServer(),
    startH2TestServer({ tls: false }),
    startLlmSim({ seed: 1 }),
  ]);
  outDir = mkdtempSync(join(tmpdir(), 'salvo-samples-'));
});
after(async () => {
  await Promise.all([server.close(), h2cServer.close(), llmSim.close()]);
  rmSync(outDir, { recursive: true, force: true });
});

test('every sample has an expectation here, and every expectation a sample', () => {
  assert.deepEqual(sampleFiles, Object.keys(EXPECTED).sort());
});

describe('samples run through the CLI', { concurrency: 2 }, () => {
  for (const file of sampleFiles) {
    const expected = EXPECTED[file];
    test(file, { skip: expected === undefined }, async () => {
      const dir = expected!.writesFiles ? mkdtempSync(join(outDir, 'cwd-')) : ROOT;
      const target = expected!.h2c ? h2cServer.url : server.url;
      const ran = await runSample(file, target, join(outDir, `${file}.json`), 1, dir);
      assert.equal(ran.code, expected!.exitCode, `exit code ${ran.code}; stderr:\n${ran.stderr}`);
      assert.equal(ran.stderr.includes('script error'), false, ran.stderr);
      assert.ok(ran.doc, `no results document; stderr:\n${ran.stderr}`);
      assert.equal(ran.doc.meta.exitCode, expected!.exitCode);
      assert.ok(count(ran.doc, 'http_reqs') > 0);
      expected!.verify(ran.doc, dir);
    });
  }
});

test('a sample runs the same on two worker threads', async () => {
  const ran = await runSample('scenarios.ts', server.url, join(outDir, 'workers.json'), 2);
  assert.equal(ran.code, 0, ran.stderr);
  assert.ok(ran.doc, ran.stderr);
  assert.deepEqual(
    ran.doc.meta.runners.map((r) => r.segment),
    ['0:1/2', '1/2:1'],
  );
  // the segments add up exactly: 2 writer VUs x 5 iterations, one VU on each thread
  assert.equal(count(ran.doc, 'iterations{scenario:writers}'), 10);
});
