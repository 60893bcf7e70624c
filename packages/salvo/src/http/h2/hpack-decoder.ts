import { huffmanDecode } from './hpack-huffman.ts';
import { STATIC_TABLE } from './hpack-static.ts';

/**
 * HPACK header block decoding (RFC 7541), complete: indexed fields, literals with and
 * without indexing and never indexed, dynamic table size updates, Huffman strings.
 *
 * Hand-written: the npm HPACK codecs (hpack.js, hpack) have been unmaintained since 2017
 * and allocate per field; this one fills a flat name/value list the exchange reads as it
 * reads node:http2's raw headers.
 */

/** A header block the decoder cannot read: a COMPRESSION_ERROR (RFC 9113 §4.3). */
export class HpackError extends Error {}

/** The dynamic table's per-entry overhead (RFC 7541 §4.1). */
const ENTRY_OVERHEAD = 32;

export class HpackDecoder {
  /** Newest last; `first` is the oldest live entry (evicted ones are dropped in batches). */
  private names: string[] = [];
  private values: string[] = [];
  private first = 0;
  private size = 0;
  /** The bound our SETTINGS_HEADER_TABLE_SIZE sets (the default 4 096). */
  private readonly maxSizeLimit: number;
  /** The size the encoder chose, at most `maxSizeLimit`. */
  private maxSize: number;
  private pos = 0;

  constructor(maxSizeLimit = 4096) {
    this.maxSizeLimit = this.maxSize = maxSizeLimit;
  }

  /** Appends the fields of `block[start, end)` to `out` as name, value, name, value… Throws HpackError. */
  decode(block: Buffer, start: number, end: number, out: string[]): void {
    this.pos = start;
    let fieldSeen = false;
    while (this.pos < end) {
      const byte = block[this.pos] as number;
      if (byte & 0x80) {
        const index = this.integer(block, end, 7);
        if (index === 0) throw new HpackError('HPACK: index 0');
        this.pushIndexed(index, out);
      } else if (byte & 0x40) {
        this.literal(block, end, 6, out, true);
      } else if (byte & 0x20) {
        // §4.2: a size update only at the start of a block
        if (fieldSeen) throw new HpackError('HPACK: dynamic table size update after a field');
        const size = this.integer(block, end, 5);
        if (size > this.maxSizeLimit) throw new HpackError(`HPACK: table size ${size} above the limit`);
        this.maxSize = size;
        this.evict(0);
        continue;
      } else {
        this.literal(block, end, 4, out, false);
      }
      fieldSeen = true;
    }
  }

  /** Entries in the dynamic table now (for tests). */
  get tableSize(): number {
    return this.size;
  }

  private pushIndexed(index: number, out: string[]): void {
    if (index <= STATIC_TABLE.length) {
      const entry = STATIC_TABLE[index - 1] as readonly [string, string];
      out.push(entry[0], entry[1]);
      return;
    }
    const at = this.names.length - (index - STATIC_TABLE.length);
    if (at < this.first) throw new HpackError(`HPACK: index ${index} beyond the table`);
    out.push(this.names[at] as string, this.values[at] as string);
  }

  private nameAt(index: number): string {
    if (index <= STATIC_TABLE.length) return (STATIC_TABLE[index - 1] as readonly [string, string])[0];
    const at = this.names.length - (index - STATIC_TABLE.length);
    if (at < this.first) throw new HpackError(`HPACK: index ${index} beyond the table`);
    return this.names[at] as string;
  }

  private literal(block: Buffer, end: number, prefix: number, out: string[], indexing: boolean): void {
    const index = this.integer(block, end, prefix);
    const name = index === 0 ? this.string(block, end) : this.nameAt(index);
    const value = this.string(block, end);
    out.push(name, value);
    if (indexing) this.add(name, value);
  }

  private add(name: string, value: string): void {
    const entrySize = name.length + value.length + ENTRY_OVERHEAD;
    if (entrySize > this.maxSize) {
      // §4.4: an entry larger than the table empties it and is not added
      this.evict(this.maxSize);
      return;
    }
    this.evict(entrySize);
    this.names.push(name);
    this.values.push(value);
    this.size += entrySize;
  }

  /** Evicts the oldest entries until `room` more bytes fit. */
  private evict(room: number): void {
    const names = this.names;
    const values = this.values;
    while (this.size + room > this.maxSize && this.first < names.length) {
      this.size -=
        (names[this.first] as string).length + (values[this.first] as string).length + ENTRY_OVERHEAD;
      this.first++;
    }
    if (this.first > 64 && this.first * 2 > names.length) {
      names.splice(0, this.first);
      values.splice(0, this.first);
      this.first = 0;
    }
  }

  /** An integer with an N-bit prefix (§5.1), at `pos`. */
  private integer(block: Buffer, end: number, prefix: number): number {
    const max = (1 << prefix) - 1;
    let value = (block[this.pos++] as number) & max;
    if (value < max) return value;
    let shift = 0;
    for (;;) {
      if (this.pos >= end) throw new HpackError('HPACK: integer cut short');
      const byte = block[this.pos++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
      shift += 7;
      if (shift > 28) throw new HpackError('HPACK: integer too large');
    }
    return value;
  }

  /** A string literal (§5.2), raw or Huffman-coded, at `pos`. */
  private string(block: Buffer, end: number): string {
    if (this.pos >= end) throw new HpackError('HPACK: string cut short');
    const huffman = ((block[this.pos] as number) & 0x80) !== 0;
    const length = this.integer(block, end, 7);
    const start = this.pos;
    if (start + length > end) throw new HpackError('HPACK: string beyond the block');
    this.pos = start + length;
    if (!huffman) return block.toString('latin1', start, start + length);
    const text = huffmanDecode(block, start, start + length);
    if (text === undefined) throw new HpackError('HPACK: malformed Huffman string');
    return text;
  }
}
