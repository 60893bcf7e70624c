import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderSummary, summaryOutput } from './summary.ts';
import { thresholdAggregation } from './summary-verdicts.ts';
import { sampleDocument } from './testing/sample-document.ts';

const ESC = '\u001b';
const ANSI_CODE = new RegExp(`${ESC}\\[\\d+m`, 'g');

function lineOf(text: string, pattern: RegExp): string {
  const line = text.split('\n').find((l) => pattern.test(l));
  assert.ok(line, `no line matches ${pattern}`);
  return line;
}

describe('renderSummary', () => {
  const closed = renderSummary(sampleDocument({ openModel: false, passed: true }), { color: false });
  const open = renderSummary(sampleDocument({ openModel: true, passed: false }), { color: false });

  it('has a header with test, duration, outcome and transport', () => {
    assert.match(closed, /salvo {2}tests\/blog\.ts/);
    assert.match(lineOf(closed, /^ {2}duration/), /30\.0s .*transport lean .*runners 2 thread/);
    assert.match(lineOf(closed, /^ {2}outcome/), /✓ passed/);
  });

  it('shows each trend with avg, min, med, max and four percentiles in ms units', () => {
    assert.match(lineOf(closed, /TRENDS/), /avg +min +med +max +p\(90\) +p\(95\) +p\(99\) +p\(99\.9\)/);
    const row = lineOf(closed, /^ {2}http_req_duration /);
    assert.deepEqual(row.trim().split(/\s+/), [
      'http_req_duration',
      '11.76ms',
      '2.45ms',
      '9.80ms',
      '310.20ms',
      '19.60ms',
      '24.50ms',
      '39.20ms',
      '279.18ms',
    ]);
    assert.match(lineOf(closed, /^ {2}iteration_duration /), / 1\.45s /);
  });

  it('prints - for what was not measured: an empty trend, a rate with no events', () => {
    const doc = sampleDocument({ openModel: false, passed: true });
    const empty = {
      count: 0,
      avg: 0,
      min: 0,
      med: 0,
      max: 0,
      'p(90)': 0,
      'p(95)': 0,
      'p(99)': 0,
      'p(99.9)': 0,
    };
    doc.metrics.http_req_duration = { type: 'trend', contains: 'time', values: empty };
    doc.metrics.checks = { type: 'rate', contains: 'default', values: { rate: 0, passes: 0, fails: 0 } };
    const text = renderSummary(doc, { color: false });
    assert.deepEqual(
      lineOf(text, /^ {2}http_req_duration /)
        .trim()
        .split(/\s+/),
      ['http_req_duration', ...new Array(8).fill('-')],
    );
    assert.match(lineOf(text, /^ {2}checks /), /: - +0 out of 0$/);
  });

  it('puts response_time before http_req_duration only for open-model runs', () => {
    assert.doesNotMatch(closed, /response_time/);
    const rt = open.indexOf('  response_time ');
    const duration = open.indexOf('  http_req_duration ');
    assert.ok(rt > 0 && rt < duration, 'response_time must come first');
    assert.match(open, /coordinated omission corrected/);
  });

  it('shows counters with rates, rates as percentages, bytes in human units, gauges', () => {
    assert.match(lineOf(closed, /http_reqs \.+/), /: 1200 +39\.98\/s/);
    assert.match(lineOf(closed, /http_req_failed \.+/), /: 1\.00% +12 out of 1200/);
    assert.match(lineOf(closed, /data_received \.+/), /: 2\.46 MB +81\.9 kB\/s/);
    assert.match(lineOf(closed, /data_sent \.+/), /: 144 kB/);
    assert.match(lineOf(closed, /^ {2}vus \.+/), /: 0 +min=0 max=50/);
    assert.match(lineOf(closed, /vus_max \.+/), /: 50 /);
    assert.match(lineOf(open, /dropped_iterations \.+/), /: 7 /);
  });

  it("has a per-request-name table with Locust's columns, busiest first", () => {
    const header = lineOf(closed, /REQUESTS BY NAME/);
    assert.match(header, /requests +fails +req\/s +avg +min +med +p95 +p99 +max$/);
    const post = lineOf(closed, /^ {2}\/post\/:id /)
      .trim()
      .split(/\s+/);
    assert.deepEqual(post, [
      '/post/:id',
      '800',
      '12',
      '26.65',
      '15.0ms',
      '3.13ms',
      '12.5ms',
      '31.3ms',
      '50.0ms',
      '310ms',
    ]);
    // no http_req_failed key for the name: its failures are unknown, not 0
    assert.match(lineOf(closed, /^ {2}\/ /), /400 +- +13\.33 +732µs +\d+µs +610µs /);
    assert.ok(closed.indexOf('/post/:id ') < closed.indexOf('  / '));
    for (const line of closed.split('\n')) assert.ok(line.length <= 100, `too wide: ${line}`);
  });

  it('shows the trend columns summaryTrendStats names, in its order', () => {
    const doc = sampleDocument({ openModel: false, passed: true });
    doc.options.summaryTrendStats = ['p(99.99)', 'count', 'med'];
    (doc.metrics.http_req_duration!.values as Record<string, number>)['p(99.99)'] = 301.5;
    const text = renderSummary(doc, { color: false });
    assert.match(lineOf(text, /TRENDS/), /TRENDS +p\(99\.99\) +count +med$/);
    assert.deepEqual(
      lineOf(text, /^ {2}http_req_duration /)
        .trim()
        .split(/\s+/),
      ['http_req_duration', '301.50ms', '1200', '9.80ms'],
    );
    // a trend without the figure (no such percentile computed) shows '-'
    assert.match(lineOf(text, /^ {2}http_req_waiting /), /http_req_waiting +- +1200 +8\.10ms$/);
  });

  it('lists errors by kind with their samples', () => {
    assert.match(lineOf(closed, /ERRORS/), /check 12 {2}reset 9 {2}http_5xx 3/);
    assert.match(lineOf(closed, /^ {2}reset /), /\/post\/:id +9 +socket reset by peer \(ECONNRESET\)/);
  });

  it('lists checks with ✓/✗ and passes/fails', () => {
    assert.match(lineOf(closed, /CHECKS/), /99\.50% of 2400 passed/);
    assert.match(lineOf(closed, /. status is 200 +1188/), /✗ status is 200 +1188 passed +12 failed/);
    assert.match(lineOf(closed, /body has a title/), /✓ body has a title +1200 passed +0 failed/);
  });

  it('lists thresholds with ✓/✗ and the value each tested', () => {
    assert.match(lineOf(open, /p\(95\)<500/), /✓ http_req_duration +p\(95\)<500 +p\(95\)=24\.50ms/);
    assert.match(
      lineOf(open, /p\(99\)<40/),
      /✗ http_req_duration\{name:\/post\/:id\} +p\(99\)<40 +p\(99\)=50\.00ms/,
    );
    assert.match(lineOf(open, /rate<0\.05/), /✓ http_req_failed +rate<0\.05 +rate=1\.00%/);
  });

  it('ends with the outcome and exit code', () => {
    assert.match(closed.trimEnd().split('\n').at(-1)!, /✓ passed · exit code 0$/);
    assert.match(open.trimEnd().split('\n').at(-1)!, /✗ thresholds crossed · exit code 99$/);
    const aborted = sampleDocument({ openModel: false, passed: false });
    aborted.meta.outcome = 'aborted';
    aborted.meta.exitCode = 99;
    aborted.meta.reason = 'threshold http_req_failed rate<0.05 crossed (abortOnFail)';
    const text = renderSummary(aborted, { color: false });
    assert.match(text, /reason +threshold http_req_failed/);
    assert.match(text.trimEnd().split('\n').at(-1)!, /✗ aborted \(threshold .*\) · exit code 99$/);
  });

  it('says in its own words that nothing succeeded', () => {
    const doc = sampleDocument({ openModel: false, passed: false });
    doc.meta.outcome = 'nothing_succeeded';
    doc.meta.exitCode = 99;
    doc.meta.reason = 'no request succeeded: all 977 failed (tls 977)';
    const text = renderSummary(doc, { color: false });
    assert.match(text, /outcome +✗ nothing succeeded/);
    assert.match(
      text.trimEnd().split('\n').at(-1)!,
      /^ {2}✗ no request succeeded: all 977 failed \(tls 977\) · exit code 99$/,
    );
  });

  it('marks a threshold that saw no data as such, neither ✓ nor a value of 0', () => {
    const doc = sampleDocument({ openModel: false, passed: false });
    const trend = doc.metrics['http_req_duration{name:/}']!;
    doc.metrics['http_req_duration{name:/status500}'] = {
      ...trend,
      thresholds: { 'p(95)<200': { ok: false, noData: true }, 'p(99)<900': { ok: true, noData: true } },
    };
    const text = renderSummary(doc, { color: false });
    assert.match(
      lineOf(text, /p\(95\)<200/),
      /^ {2}∅ http_req_duration\{name:\/status500\} +p\(95\)<200 +no data: no sample matched$/,
    );
    assert.match(lineOf(text, /p\(99\)<900/), /^ {2}∅ .* +no data \(allowed\)$/);
  });

  it('uses ANSI colours only when asked, and stays within 100 columns', () => {
    assert.ok(!closed.includes(ESC));
    assert.ok(!open.includes(ESC));
    const colored = renderSummary(sampleDocument({ openModel: true, passed: false }), { color: true });
    assert.ok(colored.includes(ESC));
    assert.equal(colored.replace(ANSI_CODE, ''), open);
    for (const line of open.split('\n')) assert.ok(line.length <= 100, `too wide: ${line}`);
  });

  it('truncates long request names in the middle', () => {
    const doc = sampleDocument({ openModel: false, passed: true });
    const longName = `/api/v1/${'x'.repeat(80)}/end`;
    doc.metrics[`http_req_duration{name:${longName}}`] = doc.metrics['http_req_duration{name:/}']!;
    const text = renderSummary(doc, { color: false });
    assert.match(text, /\/api\/v1\/x+…x+\/end/);
    for (const line of text.split('\n')) assert.ok(line.length <= 100, `too wide: ${line}`);
  });

  it('says in one line how busy the generator was when it had room', () => {
    assert.equal(
      lineOf(closed, /generator/).trim(),
      'generator  had room: at most cpu 38% · cpu wait 1% · loop busy 42% · loop delay p99 1.90ms',
    );
    assert.doesNotMatch(closed, /saturated/);
  });

  it('warns when the generator was saturated: when, which runner, why, and that latencies include it', () => {
    const doc = sampleDocument({ openModel: false, passed: true, saturated: true });
    const text = renderSummary(doc, { color: false });
    assert.match(text, /⚠ the load generator was saturated/);
    assert.match(
      lineOf(text, /runner t1/),
      /t=1–3s +runner t1: cpu 15% · cpu wait 80% · loop busy 51% · loop delay p99 84\.20ms$/,
    );
    assert.match(
      text,
      /latencies from t=1–3s were measured by a saturated generator and include its own delay/,
    );
    assert.match(text, /--workers/);
    assert.match(text, /other processes took its cores/);
    const waitOnly = sampleDocument({ openModel: false, passed: true, saturated: true });
    waitOnly.generator.saturated[0]!.reasons = ['cpu_wait'];
    const remedy = renderSummary(waitOnly, { color: false });
    assert.doesNotMatch(remedy, /--workers/, 'more threads do not help when other processes hold the cores');
    assert.match(remedy, /give Salvo cores of its own/);
    for (const line of text.split('\n')) assert.ok(line.length <= 100, `too wide: ${line}`);
    // the gauges have this section: not repeated among the other metrics
    assert.doesNotMatch(text, /generator_cpu/);
  });

  it('renders a run with no requests without failing', () => {
    const doc = sampleDocument({ openModel: false, passed: true });
    doc.metrics = {};
    doc.errors = [];
    doc.checks = [];
    const text = renderSummary(doc, { color: false });
    assert.doesNotMatch(text, /TRENDS|REQUESTS BY NAME|ERRORS|CHECKS|THRESHOLDS/);
    assert.match(text, /passed · exit code 0/);
  });
});

describe('thresholdAggregation', () => {
  it('finds the aggregation a threshold expression tests', () => {
    assert.equal(thresholdAggregation('p(95)<500'), 'p(95)');
    assert.equal(thresholdAggregation(' p( 99.9 ) <= 1000'), 'p(99.9)');
    assert.equal(thresholdAggregation('rate<0.01'), 'rate');
    assert.equal(thresholdAggregation('avg >= 2'), 'avg');
    assert.equal(thresholdAggregation('nonsense'), undefined);
  });
});

describe('summaryOutput', () => {
  it('writes nothing during the run and the summary at the end', async () => {
    const written: string[] = [];
    const output = summaryOutput({ write: (text: string) => written.push(text) }, { color: false });
    const doc = sampleDocument({ openModel: false, passed: true });
    await output.start({
      testId: doc.meta.testId,
      test: doc.meta.test,
      startedAt: doc.meta.startedAt,
      plannedDurationMs: 30_000,
      scenarios: ['readers'],
    });
    assert.deepEqual(written, []);
    await output.end(doc);
    assert.deepEqual(written, [renderSummary(doc, { color: false })]);
  });
});
