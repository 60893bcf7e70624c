import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NdjsonParser } from './ndjson-parser.ts';

const TEXT = '{"a":1}\r\n\n  \n{"s":"ünï ☃"}\n[1,2]\nnot json\n{"last":true}';

function parse(pieces: readonly Buffer[]): { values: unknown[]; errors: string[] } {
  const values: unknown[] = [];
  const errors: string[] = [];
  const parser = new NdjsonParser(
    (value) => values.push(value),
    (message) => errors.push(message),
  );
  for (const piece of pieces) parser.push(piece);
  parser.end();
  return { values, errors };
}

test('lines of JSON, CRLF and blank lines, a last line without LF, a bad line reported', () => {
  const bytes = Buffer.from(TEXT);
  for (let at = 0; at <= bytes.length; at++) {
    const { values, errors } = parse([bytes.subarray(0, at), bytes.subarray(at)]);
    assert.deepEqual(values, [{ a: 1 }, { s: 'ünï ☃' }, [1, 2], { last: true }], `split at ${at}`);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^line 6 is not JSON/);
  }
});
