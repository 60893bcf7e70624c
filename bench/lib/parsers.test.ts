import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAutocannon } from './autocannon.ts';
import { parseH2load } from './h2load.ts';
import { parseHey } from './hey.ts';
import { parseLoadtest } from './loadtest.ts';
import { parseLocust } from './locust.ts';
import { parseSalvo } from './salvo.ts';
import { parseWrk } from './wrk.ts';

// Outputs captured from the real tools on this machine (Debian 12 packages, npm autocannon 9, loadtest 8,
// salvo's own CLI); salvo-sample.json is the engine's sample document (src/outputs/sample-document.fixture.ts).
const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

describe('wrk', () => {
  it('reads requests, rate and latency percentiles in their units', () => {
    const report = parseWrk(fixture('wrk.txt'));
    assert.deepEqual(report, { requests: 199416, reqPerSec: 66389.83, p50Ms: 0.313, p99Ms: 5.04, errors: 0 });
  });
  it('counts non-2xx/3xx responses as errors', () => {
    const report = parseWrk(fixture('wrk-404.txt'));
    assert.equal(report.errors, 20214);
    assert.equal(report.p99Ms, 5.97);
  });
  it('fails clearly when wrk could not connect', () => {
    assert.throws(() => parseWrk(fixture('wrk-refused.txt')), /wrk: cannot find the request count/);
  });
});

describe('h2load', () => {
  it('reads done requests and req/s; it prints no percentiles', () => {
    const report = parseH2load(fixture('h2load.txt'));
    assert.equal(report.requests, 200781);
    assert.equal(report.reqPerSec, 66927);
    assert.equal(report.p50Ms, null);
    assert.equal(report.errors, 0);
    assert.match(report.note ?? '', /mean 746us/);
  });
  it('counts failed requests (non-2xx included)', () => {
    assert.equal(parseH2load(fixture('h2load-404.txt')).errors, 13138);
  });
});

describe('hey', () => {
  it('reads rate, status counts and percentiles given in seconds', () => {
    const report = parseHey(fixture('hey.txt'));
    assert.equal(report.requests, 80522);
    assert.equal(report.reqPerSec, 26808.7043);
    assert.ok(Math.abs((report.p50Ms ?? 0) - 1.7) < 1e-9);
    assert.ok(Math.abs((report.p99Ms ?? 0) - 6) < 1e-9);
    assert.equal(report.errors, 0);
  });
  it('counts non-2xx statuses and connection errors', () => {
    assert.equal(parseHey(fixture('hey-404.txt')).errors, 4541);
    const refused = parseHey(fixture('hey-refused.txt'));
    assert.equal(refused.errors, 4);
    assert.equal(refused.requests, 0);
    assert.equal(refused.p50Ms, null);
  });
});

describe('autocannon', () => {
  it('reads the -j JSON', () => {
    const report = parseAutocannon(fixture('autocannon.json'));
    assert.deepEqual(report, { requests: 106825, reqPerSec: 35608, p50Ms: 1, p99Ms: 6, errors: 0 });
  });
  it('rejects output that is not its JSON', () => {
    assert.throws(() => parseAutocannon('Running 10s test'), /not the JSON of -j/);
    assert.throws(() => parseAutocannon('{"requests":{}}'), /lacks requests or latency/);
  });
});

describe('loadtest', () => {
  it('reads completed requests, effective rps and percentiles', () => {
    const report = parseLoadtest(fixture('loadtest.txt'));
    assert.deepEqual(report, { requests: 41795, reqPerSec: 13932, p50Ms: 2, p99Ms: 16, errors: 0 });
  });
  it('counts errors (non-2xx are errors to loadtest)', () => {
    assert.equal(parseLoadtest(fixture('loadtest-404.txt')).errors, 3559);
  });
});

describe('locust', () => {
  it('reads the Aggregated rows of the printed summary', () => {
    const report = parseLocust(fixture('locust.txt'));
    assert.deepEqual(report, { requests: 30172, reqPerSec: 10784.56, p50Ms: 2, p99Ms: 4, errors: 0 });
  });
  it('fails clearly without a summary', () => {
    assert.throws(() => parseLocust('Starting Locust'), /cannot find the Aggregated stats row/);
  });
});

describe('salvo', () => {
  it('reads http_reqs, the median and p99, failures and dropped iterations', () => {
    const report = parseSalvo(fixture('salvo-sample.json'));
    assert.equal(report.requests, 1200);
    assert.equal(report.reqPerSec, 39.98);
    assert.equal(report.p50Ms, 9.8);
    assert.equal(report.p99Ms, 39.2);
    assert.equal(report.errors, 12);
    assert.equal(report.droppedIterations, 7);
    assert.equal(report.transport, 'lean');
  });
  it('reads a real closed-model run (no dropped_iterations metric: 0)', () => {
    const report = parseSalvo(fixture('salvo-1000-vus.json'));
    assert.equal(report.requests, 12135);
    assert.equal(report.p50Ms, 276.991);
    assert.equal(report.p99Ms, 611.839);
    assert.equal(report.errors, 0);
    assert.equal(report.droppedIterations, 0);
  });
  it('rejects a document without http_reqs', () => {
    assert.throws(() => parseSalvo('{"metrics":{}}'), /http_reqs count or rate missing/);
    assert.throws(() => parseSalvo('not json'), /not JSON/);
  });
});
