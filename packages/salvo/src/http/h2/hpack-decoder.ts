import { HEADER_TABLE_SIZE } from './frames.ts';
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
  /**
   * The dynamic table as a ring, oldest entry at `head`, newest at `head + count - 1` (mod
   * the capacity, a power of two). It starts empty and doubles as entries arrive, so it holds
   * as many slots as the server's live entries need (at most `maxSize / 32`), and an evicted
   * entry's strings are let go at once: a session's table costs what is in it (docs/http.md).
   */
  private names: string[] = [];
  private values: string[] = [];
  private head = 0;
  private count = 0;
  private size = 0;
  /** The bound our SETTINGS_HEADER_TABLE_SIZE sets (frames.ts). */
  private readonly maxSizeLimit: number;
  /** The size the encoder chose, at most `maxSizeLimit`. */
  private maxSize: number;
  private pos = 0;

  constructor(maxSizeLimit = HEADER_TABLE_SIZE) {
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

  /** Slots the table's ring holds now (for tests: what it costs in memory). */
  get slots(): number {
    return this.names.length;
  }

  private pushIndexed(index: number, out: string[]): void {
    if (index <= STATIC_TABLE.length) {
      const entry = STATIC_TABLE[index - 1] as readonly [string, string];
      out.push(entry[0], entry[1]);
      return;
    }
    const slot = this.slot(index);
    out.push(this.names[slot] as string, this.values[slot] as string);
  }

  private nameAt(index: number): string {
    if (index <= STATIC_TABLE.length) return (STATIC_TABLE[index - 1] as readonly [string, string])[0];
    return this.names[this.slot(index)] as string;
  }

  /** The ring slot of dynamic-table `index` (62 is the newest entry, §2.3.3). */
  private slot(index: number): number {
    const age = index - STATIC_TABLE.length;
    if (age > this.count) throw new HpackError(`HPACK: index ${index} beyond the table`);
    return (this.head + this.count - age) & (this.names.length - 1);
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
    if (this.count === this.names.length) this.grow();
    const slot = (this.head + this.count) & (this.names.length - 1);
    this.names[slot] = name;
    this.values[slot] = value;
    this.count++;
    this.size += entrySize;
  }

  /** Evicts the oldest entries until `room` more bytes fit. */
  private evict(room: number): void {
    const names = this.names;
    const values = this.values;
    while (this.size + room > this.maxSize && this.count > 0) {
      const head = this.head;
      this.size -= (names[head] as string).length + (values[head] as string).length + ENTRY_OVERHEAD;
      names[head] = '';
      values[head] = '';
      this.head = (head + 1) & (names.length - 1);
      this.count--;
    }
  }

  /** Doubles the ring (from 16 slots), oldest entry first again. */
  private grow(): void {
    const capacity = Math.max(16, this.names.length * 2);
    const names = new Array<string>(capacity).fill('');
    const values = new Array<string>(capacity).fill('');
    const mask = this.names.length - 1;
    for (let i = 0; i < this.count; i++) {
      names[i] = this.names[(this.head + i) & mask] as string;
      values[i] = this.values[(this.head + i) & mask] as string;
    }
    this.names = names;
    this.values = values;
    this.head = 0;
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
