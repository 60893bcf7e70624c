import { deflateSync, inflateSync } from 'node:zlib';
import { BucketCounts, HIGHEST_TRACKABLE } from './bucket-counts.ts';

/**
 * HdrHistogram's standard V2 compressed encoding ("HISTF..." in base64), the format every
 * HdrHistogram (Java, Go, Rust, hdr-histogram-js) reads, for the one layout Salvo records
 * (lowest 1, 3 significant digits). Written here rather than through hdr-histogram-js:
 * importing that library costs ~17 MB of resident memory per thread and its WebAssembly
 * histograms another ~22 MB, a fifth of what 1 000 VUs may take in all; its decoder also
 * builds a full 23 552-bucket histogram per snapshot (~340 µs) where reading the encoding
 * straight into (index, count) pairs costs a fraction of that. Interop with the library
 * both ways is tested.
 */

/** A decoded interval histogram as its non-empty buckets only. */
export interface SparseHistogram {
  /** HDR counts-array indexes of the non-empty buckets, ascending. */
  readonly indexes: number[];
  readonly counts: number[];
  readonly totalCount: number;
}

const COMPRESSED_COOKIE_BASE = 0x1c849304;
const ENCODING_COOKIE_BASE = 0x1c849303;
/** The low nibble's 0x10: word size 9, ZigZag LEB128-64b9B counts (V2). */
const WORD_SIZE_FLAG = 0x10;
const HEADER_BYTES = 40;
const SIGNIFICANT_DIGITS = 3;
const LOWEST_DISCERNIBLE = 1;
/** A ZigZag LEB128-64b9B word takes at most 9 bytes. */
const MAX_WORD_BYTES = 9;

function bad(what: string): Error {
  return new Error(`not a Salvo HDR histogram encoding: ${what}`);
}

/** Scratch space for the uncompressed form, grown as needed and reused (encoding is synchronous). */
let scratch = Buffer.alloc(HEADER_BYTES + 2048 * MAX_WORD_BYTES);

/** Writes `value` (a count, or minus a run of zero buckets) as ZigZag LEB128-64b9B; returns the new position. */
function writeWord(target: Buffer, position: number, value: number): number {
  // Counts stay below 2^53: ZigZag by arithmetic, as 64-bit shifts are not available on numbers.
  let rest = value >= 0 ? value * 2 : -value * 2 - 1;
  for (let i = 0; i < 8; i++) {
    if (rest < 128) {
      target[position++] = rest;
      return position;
    }
    target[position++] = (rest % 128) | 0x80;
    rest = Math.floor(rest / 128);
  }
  target[position++] = rest; // the 9th byte carries 8 bits
  return position;
}

/** Encodes the counts in HdrHistogram's V2 compressed base64 form. */
export function encodeHistogram(histogram: BucketCounts): string {
  const limit = histogram.maxIndex + 1;
  const needed = HEADER_BYTES + limit * MAX_WORD_BYTES;
  if (scratch.length < needed) scratch = Buffer.alloc(needed);
  const data = scratch;
  const counts = histogram.counts;
  let position = HEADER_BYTES;
  let index = 0;
  while (index < limit) {
    const count = counts[index++]!;
    if (count > 0) {
      position = writeWord(data, position, count);
      continue;
    }
    let zeros = 1;
    while (index < limit && counts[index] === 0) {
      zeros++;
      index++;
    }
    position = writeWord(data, position, zeros > 1 ? -zeros : 0);
  }
  data.writeInt32BE(ENCODING_COOKIE_BASE | WORD_SIZE_FLAG, 0);
  data.writeInt32BE(position - HEADER_BYTES, 4);
  data.writeInt32BE(0, 8); // normalizing index offset
  data.writeInt32BE(SIGNIFICANT_DIGITS, 12);
  data.writeBigInt64BE(BigInt(LOWEST_DISCERNIBLE), 16);
  data.writeBigInt64BE(BigInt(HIGHEST_TRACKABLE), 24);
  data.writeDoubleBE(1, 32); // integer-to-double conversion ratio
  const compressed = deflateSync(data.subarray(0, position));
  const outer = Buffer.allocUnsafe(8 + compressed.length);
  outer.writeInt32BE(COMPRESSED_COOKIE_BASE | WORD_SIZE_FLAG, 0);
  outer.writeInt32BE(compressed.length, 4);
  compressed.copy(outer, 8);
  return outer.toString('base64');
}

/** Decodes a compressed base64 ("HISTF...") histogram recorded with lowest 1 and 3 digits. */
export function decodeSparse(encoded: string): SparseHistogram {
  const outer = Buffer.from(encoded, 'base64');
  if (outer.length < 8 || (outer.readInt32BE(0) & ~0xf0) !== COMPRESSED_COOKIE_BASE) throw bad('cookie');
  let data: Buffer;
  try {
    data = inflateSync(outer.subarray(8, 8 + outer.readInt32BE(4)));
  } catch {
    throw bad('not deflated');
  }
  if (data.length < HEADER_BYTES || (data.readInt32BE(0) & ~0xf0) !== ENCODING_COOKIE_BASE) {
    throw bad('inner cookie');
  }
  const payloadBytes = data.readInt32BE(4);
  if (data.readInt32BE(12) !== SIGNIFICANT_DIGITS || Number(data.readBigInt64BE(16)) !== LOWEST_DISCERNIBLE) {
    throw bad('expected lowest value 1 and 3 significant digits');
  }
  const indexes: number[] = [];
  const counts: number[] = [];
  let totalCount = 0;
  let index = 0;
  let position = HEADER_BYTES;
  const end = Math.min(HEADER_BYTES + payloadBytes, data.length);
  while (position < end) {
    // ZigZag LEB128-64b9B: 7 bits a byte for 8 bytes, then a full 9th byte.
    let raw = 0;
    let scale = 1;
    let byte = 0x80;
    for (let i = 0; i < MAX_WORD_BYTES && byte & 0x80; i++) {
      byte = data[position++]!;
      raw += (i === 8 ? byte : byte & 0x7f) * scale;
      scale *= 128;
    }
    const decoded = raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    if (decoded < 0) {
      index -= decoded;
      continue;
    }
    if (decoded > 0) {
      indexes.push(index);
      counts.push(decoded);
      totalCount += decoded;
    }
    index++;
  }
  return { indexes, counts, totalCount };
}

export function addSparse(target: BucketCounts, sparse: SparseHistogram): void {
  const { indexes, counts } = sparse;
  for (let i = 0; i < indexes.length; i++) target.addAt(indexes[i]!, counts[i]!);
}

/** Decodes an encoded histogram into counts, e.g. to read a results document's histograms. */
export function decodeHistogram(encoded: string): BucketCounts {
  const histogram = new BucketCounts();
  addSparse(histogram, decodeSparse(encoded));
  return histogram;
}
