/** The client's preface: the magic, its SETTINGS, and the connection window it opens. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientPreface, DEFAULT_WINDOW, HEADER_TABLE_SIZE, SETTINGS, WINDOW_UPDATE } from './frames.ts';

test('the preface states the header table size, refuses push, and sets both windows', () => {
  const preface = clientPreface(1 << 20, 8 << 20);
  const magic = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
  assert.equal(preface.toString('latin1', 0, magic.length), magic);
  let at = magic.length;
  const frame = () => {
    const length = preface.readUIntBE(at, 3);
    const parsed = {
      length,
      type: preface[at + 3],
      flags: preface[at + 4],
      stream: preface.readUInt32BE(at + 5),
      at: at + 9,
    };
    at += 9 + length;
    return parsed;
  };
  const settings = frame();
  assert.deepEqual([settings.type, settings.flags, settings.stream], [SETTINGS, 0, 0]);
  const values = new Map<number, number>();
  for (let p = settings.at; p < settings.at + settings.length; p += 6) {
    values.set(preface.readUInt16BE(p), preface.readUInt32BE(p + 2));
  }
  // HEADER_TABLE_SIZE (1), ENABLE_PUSH (2), INITIAL_WINDOW_SIZE (4): RFC 9113 §6.5.2
  assert.deepEqual(
    [...values],
    [
      [1, HEADER_TABLE_SIZE],
      [2, 0],
      [4, 1 << 20],
    ],
  );
  assert.equal(HEADER_TABLE_SIZE, 4096, "the protocol's default, stated");
  const window = frame();
  assert.deepEqual([window.type, window.stream, window.length], [WINDOW_UPDATE, 0, 4]);
  assert.equal(preface.readUInt32BE(window.at), (8 << 20) - DEFAULT_WINDOW);
  assert.equal(at, preface.length, 'nothing else');
});
