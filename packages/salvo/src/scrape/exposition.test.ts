import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpositionError, parseExposition } from './exposition.ts';

const PAGE = String.raw`# A plain comment
# HELP http_request_duration_seconds Request time\nin seconds \\ more
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{route="/post/:id",le="0.1"} 3
http_request_duration_seconds_bucket{route="/post/:id",le="+Inf"} 5
http_request_duration_seconds_sum{route="/post/:id"} 0.75
http_request_duration_seconds_count{route="/post/:id"} 5
# TYPE rpc_seconds summary
rpc_seconds{quantile="0.5"} 0.012
rpc_seconds{quantile="0.99"} NaN
rpc_seconds_sum 1.5e1
rpc_seconds_count 7
# TYPE temperature gauge
temperature{place="a \"quoted\" \\ back\nslash",} -Inf 1700000000000
temperature{ place = "b" } +Inf
untyped_thing 42
`;

describe('parseExposition', () => {
  const families = parseExposition(PAGE);

  it('groups histogram and summary samples under their family, with HELP unescaped', () => {
    const histogram = families.get('http_request_duration_seconds');
    assert.equal(histogram?.type, 'histogram');
    assert.equal(histogram?.help, 'Request time\nin seconds \\ more');
    assert.deepEqual(
      histogram?.samples.map((s) => [s.name, s.labels.le, s.value]),
      [
        ['http_request_duration_seconds_bucket', '0.1', 3],
        ['http_request_duration_seconds_bucket', '+Inf', 5],
        ['http_request_duration_seconds_sum', undefined, 0.75],
        ['http_request_duration_seconds_count', undefined, 5],
      ],
    );
    const summary = families.get('rpc_seconds');
    assert.equal(summary?.type, 'summary');
    assert.equal(summary?.samples.length, 4);
    assert.ok(Number.isNaN(summary?.samples[1]?.value));
    assert.equal(summary?.samples[2]?.value, 15);
  });

  it('reads label escapes, a trailing comma, blanks around =, ±Inf and timestamps', () => {
    const [a, b] = families.get('temperature')?.samples ?? [];
    assert.deepEqual({ ...a?.labels }, { place: 'a "quoted" \\ back\nslash' });
    assert.equal(a?.value, -Infinity);
    assert.equal(a?.timestampMs, 1_700_000_000_000);
    assert.deepEqual({ ...b?.labels }, { place: 'b' });
    assert.equal(b?.value, Infinity);
    assert.equal(b?.timestampMs, undefined);
  });

  it('calls a sample without TYPE untyped', () => {
    assert.equal(families.get('untyped_thing')?.type, 'untyped');
    assert.equal(families.get('untyped_thing')?.samples[0]?.value, 42);
  });

  const bad: [string, string, RegExp][] = [
    ['an HTML error page', '<html><body>502 Bad Gateway</body></html>', /line 1: expected a metric name/],
    ['a value that is not a number', 'up one', /line 1: "one" is not a number/],
    ['a missing value', 'up', /line 1: expected a space and a value/],
    ['an unterminated label value', 'up{job="a} 1', /unterminated value of label job/],
    ['an unknown escape', 'up{job="a\\t"} 1', /invalid escape/],
    ['a label given twice', 'up{a="1",a="2"} 1', /label a given twice/],
    ['an unknown type', '# TYPE up thing', /unknown type "thing"/],
    ['a second TYPE', '# TYPE up gauge\n# TYPE up counter', /line 2: second TYPE line for up/],
    ['a TYPE after samples', 'up 1\n# TYPE up gauge', /line 2: TYPE line for up after its samples/],
    ['a bucket without le', '# TYPE h histogram\nh_bucket 1', /h_bucket without an "le" label/],
    ['a summary quantile missing', '# TYPE s summary\ns 1', /s without a "quantile" label/],
    ['text after the timestamp', 'up 1 1700000000000 extra', /unexpected "extra"/],
    ['a fractional timestamp', 'up 1 17.5', /"17.5" is not a timestamp/],
  ];
  for (const [what, text, message] of bad) {
    it(`rejects ${what}, naming the line`, () => {
      assert.throws(
        () => parseExposition(`${text}\n`),
        (error: unknown) => {
          assert.ok(error instanceof ExpositionError);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});
