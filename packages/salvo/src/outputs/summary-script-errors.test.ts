import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ErrorEntry } from '../results/index.ts';
import { renderSummary } from './summary.ts';
import { sampleDocument } from './testing/sample-document.ts';

function scriptError(name: string, message: string, location: string, count: number): ErrorEntry {
  return { kind: 'script', name, count, sample: message, message, location };
}

test('the summary lists script errors by message and place, one line each, beside errors by kind', () => {
  const doc = sampleDocument({ openModel: false, passed: true });
  doc.errors.push(
    scriptError(
      'browse',
      "TypeError: Cannot read properties of undefined (reading 'id')",
      'tests/blog.ts:31:27',
      41,
    ),
    scriptError('teardown', 'cleanup refused', 'tests/blog.ts:52:11', 1),
  );
  const lines = renderSummary(doc, { color: false }).split('\n');
  const at = lines.findIndex((line) => line.includes('SCRIPT ERRORS'));
  assert.ok(at > 0, 'a SCRIPT ERRORS section');
  assert.deepEqual(lines.slice(at + 1, at + 3), [
    '        41  browse        TypeError: Cannot read properties of undefi…  tests/blog.ts:31:27',
    '         1  teardown      cleanup refused                               tests/blog.ts:52:11',
  ]);
  // kind totals count them; the errors-by-name rows leave the groups to their own table
  assert.match(lines.find((line) => line.includes('ERRORS  '))!, /script 42/);
  assert.equal(lines.filter((line) => line.includes('cleanup refused')).length, 1);
  for (const line of lines) assert.ok(line.length <= 100, `too wide: ${line}`);
});

test('past ten groups the table says how many more there are', () => {
  const doc = sampleDocument({ openModel: false, passed: true });
  for (let i = 0; i < 13; i++) doc.errors.push(scriptError('exec', `failure ${i}`, 'tests/a.ts:1:1', 20 - i));
  const text = renderSummary(doc, { color: false });
  assert.match(text, /failure 9 /);
  assert.doesNotMatch(text, /failure 10 /);
  assert.match(text, / {2}… and 3 more \(all in --out json\)/);
});
