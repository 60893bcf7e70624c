import { huffmanEncode } from './hpack-huffman.ts';
import { STATIC_TABLE } from './hpack-static.ts';

/**
 * HPACK encoding of Salvo's request headers (RFC 7541): static-table indexes where a field
 * or its name is in the static table, otherwise literals without indexing (the server's
 * dynamic table is never touched), each string Huffman-coded when that is shorter. A block
 * is encoded once per request shape and cached (header-block.ts), so none of this runs per
 * request. See hpack-decoder.ts for why by hand.
 */

const FIELD_INDEX = new Map<string, number>();
const NAME_INDEX = new Map<string, number>();
STATIC_TABLE.forEach(([name, value], i) => {
  FIELD_INDEX.set(`${name}\0${value}`, i + 1);
  if (!NAME_INDEX.has(name)) NAME_INDEX.set(name, i + 1);
});

/** Encodes a flat name, value, name, value… list (names lower-case) as one header block. */
export function encodeHeaderBlock(list: readonly string[]): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i + 1 < list.length; i += 2) {
    const name = list[i] as string;
    const value = list[i + 1] as string;
    const field = FIELD_INDEX.get(`${name}\0${value}`);
    if (field !== undefined) {
      integer(bytes, 0x80, 7, field);
      continue;
    }
    const nameIndex = NAME_INDEX.get(name);
    // §6.2.2: literal without indexing, the name indexed or literal
    if (nameIndex !== undefined) {
      integer(bytes, 0x00, 4, nameIndex);
    } else {
      bytes.push(0x00);
      string(bytes, name);
    }
    string(bytes, value);
  }
  return Buffer.from(bytes);
}

/** §5.1: `value` with an N-bit prefix, the first byte's high bits from `flags`. */
function integer(out: number[], flags: number, prefix: number, value: number): void {
  const max = (1 << prefix) - 1;
  if (value < max) {
    out.push(flags | value);
    return;
  }
  out.push(flags | max);
  let rest = value - max;
  while (rest >= 128) {
    out.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
}

/** §5.2: a string (latin1, as HTTP field octets), Huffman-coded (H = 1) when shorter. */
function string(out: number[], text: string): void {
  const raw = Buffer.from(text, 'latin1');
  const coded = huffmanEncode(text);
  const octets = coded.length < raw.length ? coded : raw;
  integer(out, octets === coded ? 0x80 : 0x00, 7, octets.length);
  for (const octet of octets) out.push(octet);
}
