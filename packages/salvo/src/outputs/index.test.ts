import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SalvoError } from '../errors.ts';
import { createOutputs, parseOutputSpec } from './index.ts';

function usageError(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof SalvoError);
    assert.equal(error.code, 'SALVO_ERR_USAGE');
    assert.match(error.message, pattern);
    return true;
  };
}

describe('parseOutputSpec', () => {
  it('parses json=FILE and csv=FILE, keeping = inside the path', () => {
    assert.deepEqual(parseOutputSpec('json=results/run.json'), { kind: 'json', path: 'results/run.json' });
    assert.deepEqual(parseOutputSpec('csv=out/a=b.csv'), { kind: 'csv', path: 'out/a=b.csv' });
  });

  it('rejects a spec without =, an unknown kind and an empty path', () => {
    assert.throws(() => parseOutputSpec('results.json'), usageError(/expected KIND=FILE/));
    assert.throws(() => parseOutputSpec('otlp'), usageError(/^--out "otlp": expected otlp=URL/));
    assert.throws(
      () => parseOutputSpec('xml=a.xml'),
      usageError(
        /unknown output kind "xml" \(known: json, csv, csv-stats, csv-failures, html, prometheus-rw, experimental-prometheus-rw, otlp, opentelemetry\)/,
      ),
    );
    assert.throws(() => parseOutputSpec('toString=a'), usageError(/unknown output kind "toString"/));
    assert.throws(() => parseOutputSpec('json='), usageError(/missing file name/));
    assert.throws(() => parseOutputSpec('otlp='), usageError(/missing URL after "otlp="/));
  });

  it('parses the push outputs, under their names and k6’s', () => {
    for (const kind of ['prometheus-rw', 'experimental-prometheus-rw', 'otlp', 'opentelemetry']) {
      assert.deepEqual(parseOutputSpec(`${kind}=http://127.0.0.1:9090/api/v1/write`), {
        kind,
        path: 'http://127.0.0.1:9090/api/v1/write',
      });
    }
  });
});

describe('createOutputs', () => {
  const quiet = { write: () => true };

  it('creates progress, summary, then one output per spec', () => {
    const outputs = createOutputs(['json=a.json', 'csv=b.csv'], { stdout: quiet, stderr: quiet });
    assert.deepEqual(
      outputs.map((o) => o.name),
      ['progress', 'summary', 'json=a.json', 'csv=b.csv'],
    );
  });

  it('creates the push outputs from their URLs; a URL that is not http(s) is a usage error', () => {
    const outputs = createOutputs(
      ['prometheus-rw=http://127.0.0.1:9090/api/v1/write', 'opentelemetry=http://127.0.0.1:4318/v1/metrics'],
      {
        progress: false,
        summary: false,
      },
    );
    assert.deepEqual(
      outputs.map((o) => o.name),
      ['prometheus-rw', 'otlp'],
    );
    assert.throws(
      () => createOutputs(['otlp=127.0.0.1:4318']),
      usageError(/--out otlp=127.0.0.1:4318: not a URL/),
    );
  });

  it('leaves out progress and summary when asked', () => {
    const outputs = createOutputs(['json=a.json'], { progress: false, summary: false });
    assert.deepEqual(
      outputs.map((o) => o.name),
      ['json=a.json'],
    );
  });

  it("puts the latency distribution after the summary, and --csv PREFIX makes Locust's three files", () => {
    const outputs = createOutputs(['json=a.json'], {
      stdout: quiet,
      stderr: quiet,
      latency: true,
      csvPrefix: 'out/run',
    });
    assert.deepEqual(
      outputs.map((o) => o.name),
      [
        'progress',
        'summary',
        'latency',
        'json=a.json',
        'csv-stats=out/run_stats.csv',
        'csv-failures=out/run_failures.csv',
        'csv=out/run_history.csv',
      ],
    );
  });

  it('fails on a bad spec before creating anything', () => {
    assert.throws(() => createOutputs(['json=a.json', 'nope'], {}), usageError(/--out "nope"/));
  });
});
