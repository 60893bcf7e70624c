import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { sampleDocument } from './sample-document.fixture.ts';

const docsDir = join(import.meta.dirname, '../../../../docs');
const schemaPath = join(docsDir, 'results.schema.json');
const ajv = new Ajv2020({ allErrors: true, strict: true, allowMatchingProperties: true });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

function errorsOf(doc: unknown): string {
  return validate(doc) ? '' : ajv.errorsText(validate.errors);
}
// biome-ignore lint/suspicious/noExplicitAny: the tests break the document at arbitrary paths
type Loose = any;

/** A JSON round trip, as a reader gets the document, and a deep copy to break. */
function roundTrip(openModel: boolean): Record<string, Loose> {
  return JSON.parse(JSON.stringify(sampleDocument({ openModel, passed: false })));
}

describe('docs/results.schema.json', () => {
  it('validates a realistic closed-model and open-model document', () => {
    assert.equal(errorsOf(roundTrip(false)), '');
    assert.equal(errorsOf(roundTrip(true)), '');
  });

  it('validates the example in docs/results.md', () => {
    const markdown = readFileSync(join(docsDir, 'results.md'), 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(markdown)?.[1];
    assert.ok(example, 'results.md has a json example');
    assert.equal(errorsOf(JSON.parse(example)), '');
  });

  it('accepts fields added later (readers ignore unknown fields)', () => {
    const doc = roundTrip(false);
    doc.meta.region = 'eu-west-1';
    doc.series.total.retries = [0, 0, 0];
    assert.equal(errorsOf(doc), '');
  });

  it('accepts a threshold that saw no data, and the outcome nothing_succeeded', () => {
    const doc = roundTrip(false);
    doc.metrics.http_req_duration.thresholds['p(95)<500'] = { ok: false, noData: true };
    doc.meta.outcome = 'nothing_succeeded';
    assert.equal(errorsOf(doc), '');
  });

  const broken: [string, (doc: Record<string, Loose>) => void, RegExp][] = [
    ['a wrong version', (d) => (d.version = 2), /version/],
    ['an exit code of 1', (d) => (d.meta.exitCode = 1), /exitCode/],
    ['an unknown outcome', (d) => (d.meta.outcome = 'failed'), /outcome/],
    ['a trend without p(95)', (d) => delete d.metrics.http_req_duration.values['p(95)'], /p\(95\)/],
    [
      'a counter shaped like a gauge',
      (d) => (d.metrics.http_reqs.values = { value: 1, min: 0, max: 1 }),
      /count/,
    ],
    ['a rate above 1', (d) => (d.metrics.http_req_failed.values.rate = 1.5), /rate/],
    ['an unknown error kind', (d) => (d.errors[0].kind = 'oops'), /kind/],
    [
      'an unknown error kind in the series',
      (d) => (d.series.total.errors.oops = [1, 0, 0]),
      /series\/total\/errors property name/,
    ],
    ['a latency that is a string', (d) => (d.series.total.p95[1] = '25'), /p95/],
    ['a histogram not in HDR base64', (d) => (d.histograms.http_req_duration = 'abc'), /histograms/],
    ['a bad metric key', (d) => (d.metrics['bad key'] = d.metrics.http_reqs), /metrics property name/],
    [
      'a non-boolean threshold outcome',
      (d) => (d.metrics.http_req_duration.thresholds['p(95)<500'].ok = 'yes'),
      /ok/,
    ],
    [
      'a no-data threshold with a value',
      (d) => (d.metrics.http_req_duration.thresholds['p(95)<500'] = { ok: false, noData: true, actual: 0 }),
      /thresholds/,
    ],
    ['a bad start time', (d) => (d.meta.startedAt = 'yesterday'), /startedAt/],
  ];
  for (const [what, breakIt, message] of broken) {
    it(`rejects ${what}`, () => {
      const doc = roundTrip(true);
      breakIt(doc);
      assert.match(errorsOf(doc), message);
    });
  }
});
