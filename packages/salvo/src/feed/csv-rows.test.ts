import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv } from './csv-rows.ts';

test('RFC 4180: quotes, doubled quotes, line breaks inside quotes, CRLF, BOM, blank lines', () => {
  const cases: [string, string[][]][] = [
    [
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      '\ufeffa,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\n\n1,2\n\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'name,quote\nann,"said ""hi"", left"\n',
      [
        ['name', 'quote'],
        ['ann', 'said "hi", left'],
      ],
    ],
    ['a\n"two\nlines"\n', [['a'], ['two\nlines']]],
    [
      'a,b,c\n,,\n',
      [
        ['a', 'b', 'c'],
        ['', '', ''],
      ],
    ],
    ['a\n""\n', [['a'], ['']]],
    [
      'a,b\n"",x\n',
      [
        ['a', 'b'],
        ['', 'x'],
      ],
    ],
    ['', []],
  ];
  for (const [text, rows] of cases) assert.deepEqual(parseCsv(text), rows, JSON.stringify(text));
});

test('malformed CSV is refused with its line', () => {
  assert.throws(() => parseCsv('a,b\n1,x"y\n'), /line 2: a quote inside an unquoted field/);
  assert.throws(() => parseCsv('a,b\n"1"x,2\n'), /line 2: text after a closing quote/);
  assert.throws(() => parseCsv('a\n\n"open\n'), /line 3: a quoted field is never closed/);
});
