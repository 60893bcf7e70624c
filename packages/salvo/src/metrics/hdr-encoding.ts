import type * as Zlib from 'node:zlib';
import { BucketCounts, HIGHEST_TRACKABLE } from './bucket-counts.ts';

/** node:zlib when a histogram is first encoded or decoded, not in every run (about 0.5 MiB). */
function zlib(): typeof Zlib {
  return process.getBuiltinModule('node:zlib') as typeof Zlib;
}

/**
 * HdrHistogram's standard V2 encoding, compressed ("HISTF..." in base64: results documents)
 * or not (interval snapshots), the format every HdrHistogram (Java, Go, Rust,
 * hdr-histogram-js) reads, for the one layout Salvo records (lowest 1, 3 significant
 * digits). Written here rather than through hdr-histogram-js: importing that library costs
 * ~17 MB of resident memory per thread and its WebAssembly histograms another ~22 MB, a
 * fifth of what 1 000 VUs may take in all; its decoder also builds a full 23 552-bucket
 * histogram per snapshot (~340 µs) where reading the encoding straight into the counts it
 * adds to costs a few µs. Interop with the library both ways is tested.
 */

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

/**
 * Encodes the counts in HdrHistogram's V2 base64 form: compressed ("HISTF...", the results
 * document's form), or uncompressed for interval snapshots, which the coordinator adds
 * without an inflate (a tenth of the cost per snapshot; about three times the bytes).
 */
export function encodeHistogram(histogram: BucketCounts, options: { compressed?: boolean } = {}): string {
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
  if (options.compressed === false) return data.toString('base64', 0, position);
  const compressed = zlib().deflateSync(data.subarray(0, position));
  const outer = Buffer.allocUnsafe(8 + compressed.length);
  outer.writeInt32BE(COMPRESSED_COOKIE_BASE | WORD_SIZE_FLAG, 0);
  outer.writeInt32BE(compressed.length, 4);
  compressed.copy(outer, 8);
  return outer.toString('base64');
}

/** Where an encoding is decoded from base64, grown as needed and reused (decoding is synchronous). */
let decoded = Buffer.alloc(16 * 1024);

/** The bytes of an encoding: base64 decoded into the reused buffer, or the bytes given. */
function bytesOf(encoded: string | Uint8Array): Uint8Array {
  if (typeof encoded !== 'string') return encoded;
  const needed = Math.ceil((encoded.length * 3) / 4);
  if (decoded.length < needed) decoded = Buffer.alloc(needed);
  return decoded.subarray(0, decoded.write(encoded, 'base64'));
}

/**
 * A big-endian int32 of `data` at `at`, read by hand: a remote runner's histograms come as
 * plain Uint8Array views, and wrapping each in a Buffer to read its header cost the
 * coordinator more than decoding it.
 */
function int32At(data: Uint8Array, at: number): number {
  return (data[at]! << 24) | (data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!;
}

/**
 * The uncompressed encoding (header and payload) of either form, as base64 or as bytes,
 * checked: for the uncompressed form a view of the reused buffer (valid until the next
 * call) or the bytes given.
 */
function uncompressed(encoded: string | Uint8Array): Uint8Array {
  const raw = bytesOf(encoded);
  const length = raw.length;
  if (length < 8) throw bad('cookie');
  const cookie = int32At(raw, 0) & ~0xf0;
  let data = raw;
  if (cookie === COMPRESSED_COOKIE_BASE) {
    try {
      data = zlib().inflateSync(raw.subarray(8, Math.min(8 + int32At(raw, 4), length)));
    } catch {
      throw bad('not deflated');
    }
  } else if (cookie !== ENCODING_COOKIE_BASE) throw bad('cookie');
  if (data.length < HEADER_BYTES || (int32At(data, 0) & ~0xf0) !== ENCODING_COOKIE_BASE) {
    throw bad('inner cookie');
  }
  // lowest discernible value 1: a 64-bit field whose high word is 0
  if (int32At(data, 12) !== SIGNIFICANT_DIGITS || int32At(data, 16) !== 0 || int32At(data, 20) !== 1) {
    throw bad('expected lowest value 1 and 3 significant digits');
  }
  return data;
}

/**
 * Adds an encoded histogram (either form, base64 or bytes) straight into `target`: the
 * coordinator's merge of a snapshot, with no intermediate arrays.
 */
export function addEncoded(target: BucketCounts, encoded: string | Uint8Array): void {
  const data = uncompressed(encoded);
  let index = 0;
  let position = HEADER_BYTES;
  const end = Math.min(HEADER_BYTES + int32At(data, 4), data.length);
  while (position < end) {
    // ZigZag LEB128-64b9B: 7 bits a byte for 8 bytes, then a full 9th byte.
    let byte = data[position++]!;
    let raw = byte & 0x7f;
    let scale = 128;
    for (let i = 1; i < MAX_WORD_BYTES && byte & 0x80; i++) {
      byte = data[position++]!;
      raw += (i === 8 ? byte : byte & 0x7f) * scale;
      scale *= 128;
    }
    if (raw % 2 === 1) {
      index += (raw + 1) / 2; // a run of empty buckets
      continue;
    }
    if (raw > 0) target.addAt(index, raw / 2);
    index++;
  }
}

/** Decodes an encoded histogram into counts, e.g. to read a results document's histograms. */
export function decodeHistogram(encoded: string | Uint8Array): BucketCounts {
  const histogram = new BucketCounts();
  addEncoded(histogram, encoded);
  return histogram;
}
