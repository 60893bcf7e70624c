import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { UrlCache } from './client-prepare.ts';
import { isIdSegment, requestNameFromPath } from './naming.ts';

/** The tables of docs/http.md's naming section: the doc is the test's table, so they cannot drift. */
function docTables(): string[][][] {
  const doc = readFileSync(new URL('../../../../docs/http.md', import.meta.url), 'utf8');
  const section = doc.slice(
    doc.indexOf('## Request names and templating'),
    doc.indexOf('## Headers Salvo adds'),
  );
  const tables: string[][][] = [];
  let rows: string[][] | undefined;
  for (const line of section.split('\n')) {
    if (!line.startsWith('|')) {
      rows = undefined;
      continue;
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    if (rows === undefined)
      tables.push((rows = [])); // the header row
    else if (!cells[0]!.startsWith('---')) rows.push(cells);
  }
  return tables;
}

/** `a`, `b` → ['a', 'b']; the examples of a cell. */
function examples(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
}

const [urlTable, ruleTable] = docTables();

test('the doc has both tables, every rule with examples', () => {
  assert.ok(urlTable !== undefined && urlTable.length >= 5);
  assert.ok(ruleTable !== undefined && ruleTable.length >= 10);
  for (const [shape, , becomes, stays] of ruleTable) {
    if (shape === 'anything else') continue;
    assert.ok(examples(becomes!).length > 0, `${shape}: no example that becomes :id`);
    if (shape !== 'ULID') assert.ok(examples(stays!).length > 0, `${shape}: no example that stays`);
  }
});

test('every URL of the doc gets its name, query, fragment and host left out', () => {
  const cache = new UrlCache('http://127.0.0.1:1', () => true);
  for (const [url, name] of urlTable!) {
    assert.equal(cache.get(examples(url!)[0]!).name, examples(name!)[0], url);
  }
});

test('every example of the rules table: ids become :id, the rest stays', () => {
  for (const [shape, , becomes, stays] of ruleTable!) {
    for (const id of examples(becomes!)) {
      assert.equal(isIdSegment(id), true, `${shape}: ${id} should be an id`);
      assert.equal(requestNameFromPath(`/a/${id}/b`), '/a/:id/b', id);
    }
    for (const word of examples(stays!)) {
      assert.equal(isIdSegment(word), false, `${shape}: ${word} should stay`);
      assert.equal(requestNameFromPath(`/a/${word}`), `/a/${word}`, word);
    }
  }
});

test('the words of issue 14 are in the doc and stay', () => {
  const stays = new Set(ruleTable!.flatMap((row) => examples(row[3]!)));
  for (const word of [
    'v2',
    'html5test',
    'sha256sum',
    'ipv6check',
    'oauth2callback',
    'status500',
    'h2c',
    'mp4',
    'utf-8',
  ]) {
    assert.ok(stays.has(word), `${word} is not in the doc's table`);
  }
});

test('10 000 distinct ids of each exact shape yield one name per shape', () => {
  const names = new Set<string>();
  for (let i = 0; i < 10_000; i++) {
    names.add(requestNameFromPath(`/post/${i * 7919}`));
    names.add(requestNameFromPath(`/item/${randomUUID()}`));
    names.add(requestNameFromPath(`/doc/${randomBytes(12).toString('hex')}`));
    names.add(requestNameFromPath(`/day/${new Date(i * 86_400_000).toISOString().slice(0, 10)}`));
  }
  assert.deepEqual([...names].sort(), ['/day/:id', '/doc/:id', '/item/:id', '/post/:id']);
});

test('random base64url tokens of 16 bytes are templated nearly always (the doc says 98 %)', () => {
  let templated = 0;
  for (let i = 0; i < 10_000; i++) {
    if (isIdSegment(randomBytes(16).toString('base64url'))) templated++;
  }
  // Measured 97.5–98.5 %; 95 % is far below what chance could give on 10 000 draws.
  assert.ok(templated >= 9_500, `${templated} of 10 000`);
});
