import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type SseEvent, SseParser } from './sse-parser.ts';
import { SSE_EXPECTED, SSE_FIXTURE } from './testing/sse-fixture.ts';

function parse(pieces: readonly (Buffer | string)[]): { events: SseEvent[]; parser: SseParser } {
  const events: SseEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  for (const piece of pieces) parser.push(piece);
  parser.end();
  return { events, parser };
}

const bytes = Buffer.from(SSE_FIXTURE, 'utf8');

test('the fixture parses as the EventSource spec says, in one piece', () => {
  const { events, parser } = parse([bytes]);
  assert.deepEqual(events, SSE_EXPECTED);
  assert.equal(parser.retryMs, 250, 'retry: 1s is not digits and is ignored');
});

test('split into two pieces at every byte boundary, multi-byte characters and CRLFs cut too', () => {
  for (let at = 0; at <= bytes.length; at++) {
    const { events } = parse([bytes.subarray(0, at), bytes.subarray(at)]);
    assert.deepEqual(events, SSE_EXPECTED, `split at byte ${at}`);
  }
});

test('one byte at a time', () => {
  const pieces = [...bytes].map((byte) => Buffer.from([byte]));
  assert.deepEqual(parse(pieces).events, SSE_EXPECTED);
});

test('a BOM is dropped only at the start; after end() the next body may start with one again', () => {
  const events: SseEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  parser.push('\uFEFFdata: a\n\n\uFEFFdata: b\n\n');
  parser.end();
  parser.push('\uFEFFdata: c\n\n');
  parser.end();
  // the second BOM is inside the stream: part of the field name, so not a data line
  assert.deepEqual(
    events.map((e) => e.data),
    ['a', 'c'],
  );
});

test('the id to resume from is taken at a blank line: an id-only block sets it, a cut-off block does not', () => {
  const parser = new SseParser(() => {});
  parser.push('id: 1\ndata: a\n\nid: 2\n\n');
  assert.equal(parser.lastEventId, '2', 'a block with an id and no data still sets it');
  parser.push('id: 3\ndata: cut');
  assert.equal(parser.lastEventId, '2', 'not before its blank line');
  parser.end();
  assert.equal(parser.lastEventId, '2', 'the body ended first: resume from 2');
  const events: SseEvent[] = [];
  const next = new SseParser((event) => events.push(event));
  next.push('id: 9\ndata: cut');
  next.end();
  next.push('data: b\n\n');
  assert.deepEqual(
    events,
    [{ event: 'message', data: 'b', id: '', retry: undefined }],
    'the cut id is forgotten',
  );
});

test('the last event id survives a reconnection (end, then a new body)', () => {
  const events: SseEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  parser.push('id: 41\ndata: x\n\ndata: cut');
  parser.end();
  assert.equal(parser.lastEventId, '41');
  parser.push('data: y\n\n');
  parser.end();
  assert.deepEqual(
    events.map((e) => [e.data, e.id]),
    [
      ['x', '41'],
      ['y', '41'],
    ],
  );
});
