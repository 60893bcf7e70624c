/**
 * HPACK against RFC 7541 Appendix C: C.2 (each representation alone), C.3 and C.4 (three
 * requests on one connection, raw and Huffman), C.5 and C.6 (three responses with a 256-byte
 * table, evictions included, raw and Huffman); then the encoder's blocks read back.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HpackDecoder, HpackError } from './hpack-decoder.ts';
import { encodeHeaderBlock } from './hpack-encoder.ts';
import { huffmanDecode, huffmanEncode } from './hpack-huffman.ts';

function decode(decoder: HpackDecoder, hex: string): string[] {
  const block = Buffer.from(hex.replace(/\s+/g, ''), 'hex');
  const out: string[] = [];
  decoder.decode(block, 0, block.length, out);
  return out;
}

const REQUESTS = [
  [':method', 'GET', ':scheme', 'http', ':path', '/', ':authority', 'www.example.com'],
  [
    ':method',
    'GET',
    ':scheme',
    'http',
    ':path',
    '/',
    ':authority',
    'www.example.com',
    'cache-control',
    'no-cache',
  ],
  [
    ':method',
    'GET',
    ':scheme',
    'https',
    ':path',
    '/index.html',
    ':authority',
    'www.example.com',
    'custom-key',
    'custom-value',
  ],
];
const REQUEST_TABLE_SIZES = [57, 110, 164];

const RESPONSES = [
  [
    ':status',
    '302',
    'cache-control',
    'private',
    'date',
    'Mon, 21 Oct 2013 20:13:21 GMT',
    'location',
    'https://www.example.com',
  ],
  [
    ':status',
    '307',
    'cache-control',
    'private',
    'date',
    'Mon, 21 Oct 2013 20:13:21 GMT',
    'location',
    'https://www.example.com',
  ],
  [
    ':status',
    '200',
    'cache-control',
    'private',
    'date',
    'Mon, 21 Oct 2013 20:13:22 GMT',
    'location',
    'https://www.example.com',
    'content-encoding',
    'gzip',
    'set-cookie',
    'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1',
  ],
];
const RESPONSE_TABLE_SIZES = [222, 222, 215];

describe('HPACK (RFC 7541 Appendix C)', () => {
  test('C.2: literal with indexing, without indexing, never indexed; indexed', () => {
    const d = new HpackDecoder();
    assert.deepEqual(decode(d, '400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572'), [
      'custom-key',
      'custom-header',
    ]);
    assert.equal(d.tableSize, 55);
    const plain = new HpackDecoder();
    assert.deepEqual(decode(plain, '040c 2f73 616d 706c 652f 7061 7468'), [':path', '/sample/path']);
    assert.deepEqual(decode(plain, '1008 7061 7373 776f 7264 0673 6563 7265 74'), ['password', 'secret']);
    assert.deepEqual(decode(plain, '82'), [':method', 'GET']);
    assert.equal(plain.tableSize, 0);
  });

  test('C.3: requests without Huffman, one decoder', () => {
    const d = new HpackDecoder();
    const blocks = [
      '8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
      '8286 84be 5808 6e6f 2d63 6163 6865',
      '8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65',
    ];
    blocks.forEach((hex, i) => {
      assert.deepEqual(decode(d, hex), REQUESTS[i]);
      assert.equal(d.tableSize, REQUEST_TABLE_SIZES[i]);
    });
  });

  test('C.4: requests with Huffman, one decoder', () => {
    const d = new HpackDecoder();
    const blocks = [
      '8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff',
      '8286 84be 5886 a8eb 1064 9cbf',
      '8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf',
    ];
    blocks.forEach((hex, i) => {
      assert.deepEqual(decode(d, hex), REQUESTS[i]);
      assert.equal(d.tableSize, REQUEST_TABLE_SIZES[i]);
    });
  });

  test('C.5: responses without Huffman, a 256-byte table with evictions', () => {
    const d = new HpackDecoder(256);
    const blocks = [
      '4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
      '4803 3330 37c1 c0bf',
      '88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31',
    ];
    blocks.forEach((hex, i) => {
      assert.deepEqual(decode(d, hex), RESPONSES[i]);
      assert.equal(d.tableSize, RESPONSE_TABLE_SIZES[i]);
    });
  });

  test('C.6: responses with Huffman, a 256-byte table with evictions', () => {
    const d = new HpackDecoder(256);
    const blocks = [
      '4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3',
      '4883 640e ff c1 c0 bf',
      '88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07',
    ];
    blocks.forEach((hex, i) => {
      assert.deepEqual(decode(d, hex), RESPONSES[i]);
      assert.equal(d.tableSize, RESPONSE_TABLE_SIZES[i]);
    });
  });

  test('a dynamic table size update evicts; above the limit, or after a field, it is an error', () => {
    const d = new HpackDecoder();
    decode(d, '400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572');
    assert.equal(d.tableSize, 55);
    assert.deepEqual(decode(d, '20 82'), [':method', 'GET']);
    assert.equal(d.tableSize, 0);
    assert.throws(() => decode(d, 'be'), HpackError, 'the entry was evicted');
    assert.throws(() => decode(new HpackDecoder(), '3fe21f'), HpackError, 'size 4 096 + 1 above the limit');
    assert.throws(() => decode(new HpackDecoder(), '82 20'), HpackError);
  });

  test('the dynamic table is a ring: indexes stay right through eviction, wrap and growth, in as many slots as live entries need', () => {
    // a literal with incremental indexing and a new name (§6.2.1), raw strings below 127 bytes
    const indexed = (name: string, value: string) =>
      Buffer.concat([
        Buffer.from([0x40, name.length]),
        Buffer.from(name),
        Buffer.from([value.length]),
        Buffer.from(value),
      ]);
    // an indexed field (§6.1): 7-bit prefix integer
    const reference = (index: number) => Buffer.from(index < 127 ? [0x80 | index] : [0xff, index - 127]);
    const d = new HpackDecoder();
    const model: [string, string][] = []; // newest first, as HPACK counts
    let modelSize = 0;
    for (let i = 0; i < 400; i++) {
      const entry: [string, string] = [`x-${i % 7}`, 'v'.repeat(i % 40) + i];
      const block = indexed(...entry);
      const out: string[] = [];
      d.decode(block, 0, block.length, out);
      assert.deepEqual(out, entry);
      model.unshift(entry);
      modelSize += entry[0].length + entry[1].length + 32;
      while (modelSize > 4096) {
        const old = model.pop() as [string, string];
        modelSize -= old[0].length + old[1].length + 32;
      }
      assert.equal(d.tableSize, modelSize);
      // every live entry by its index, and one past the oldest is an error
      for (const at of new Set([0, 1, model.length >> 1, model.length - 1].filter((n) => n < model.length))) {
        const got: string[] = [];
        const ref = reference(62 + at);
        d.decode(ref, 0, ref.length, got);
        assert.deepEqual(got, model[at], `entry ${at} of ${model.length} after insert ${i}`);
      }
      const beyond = reference(62 + model.length);
      assert.throws(() => d.decode(beyond, 0, beyond.length, []), HpackError);
      // the ring never holds more than twice the live entries (it grows by doubling)
      assert.ok(d.slots <= Math.max(16, 2 * model.length), `${d.slots} slots for ${model.length} entries`);
    }
    // a size update to 0 empties the table; its slots keep no strings
    assert.deepEqual(decode(d, '20 82'), [':method', 'GET']);
    assert.equal(d.tableSize, 0);
    assert.throws(() => decode(d, 'be'), HpackError);
  });

  test('malformed blocks throw HpackError, never anything else', () => {
    for (const hex of [
      '80',
      'ff',
      '7f',
      '40',
      '4005',
      '00 85 ff',
      'ffffffffffffff',
      '0081ff',
      '00 01 61 81 ff',
    ]) {
      assert.throws(() => decode(new HpackDecoder(), hex), HpackError, hex);
    }
    // 1 000 random blocks: each decodes or throws HpackError
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    };
    for (let n = 0; n < 1000; n++) {
      const block = Buffer.from(Array.from({ length: 1 + (random() % 40) }, random));
      try {
        new HpackDecoder().decode(block, 0, block.length, []);
      } catch (err) {
        assert.ok(err instanceof HpackError, String(err));
      }
    }
  });

  test('Huffman: every octet round-trips; EOS and over-long padding are rejected', () => {
    let all = '';
    for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
    const coded = huffmanEncode(all);
    assert.equal(huffmanDecode(coded, 0, coded.length), all);
    // EOS (30 ones) inside a string; 8 bits of padding
    assert.equal(huffmanDecode(Buffer.from('ffffffff', 'hex'), 0, 4), undefined);
    assert.equal(huffmanDecode(Buffer.from('1fff', 'hex'), 0, 2), undefined);
    // padding that is not all ones
    assert.equal(huffmanDecode(Buffer.from('00', 'hex'), 0, 1), undefined);
  });

  test('the encoder: static indexes, literals without indexing, Huffman when shorter; read back as sent', () => {
    const list = [':method', 'GET', ':scheme', 'https', ':path', '/sample/path', 'x-load-test', 'salvo'];
    const block = encodeHeaderBlock(list);
    assert.equal(block.subarray(0, 2).toString('hex'), '8287', ':method GET and :scheme https indexed');
    // :path by static name index 4, without indexing (0000 0100), then a Huffman string
    assert.equal(block[2], 0x04);
    assert.equal((block[3] as number) & 0x80, 0x80);
    const d = new HpackDecoder();
    const out: string[] = [];
    d.decode(block, 0, block.length, out);
    assert.deepEqual(out, list);
    assert.equal(d.tableSize, 0, 'nothing indexed');
    // a value Huffman would lengthen goes raw; a long one needs a multi-byte length
    const raw = encodeHeaderBlock(['x-raw', '\u00ff']);
    assert.equal(raw.subarray(-2).toString('hex'), '01ff', 'ÿ raw: Huffman would take 4 bytes');
    const rawOut: string[] = [];
    d.decode(raw, 0, raw.length, rawOut);
    assert.deepEqual(rawOut, ['x-raw', '\u00ff']);
    const long = ['x-long', 'v'.repeat(300)];
    const longOut: string[] = [];
    const longBlock = encodeHeaderBlock(long);
    d.decode(longBlock, 0, longBlock.length, longOut);
    assert.deepEqual(longOut, long);
  });
});
