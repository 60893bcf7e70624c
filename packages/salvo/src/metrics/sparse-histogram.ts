import { inflateSync } from 'node:zlib';
import type { BucketCounts } from './bucket-counts.ts';

/**
 * A decoded interval histogram as its non-empty buckets only. The library's decoder builds
 * a full 23 552-bucket histogram per snapshot (~340 µs); reading the standard V2 encoding
 * straight into (index, count) pairs costs a fraction of that.
 */
export interface SparseHistogram {
  /** HDR counts-array indexes of the non-empty buckets, ascending. */
  readonly indexes: number[];
  readonly counts: number[];
  readonly totalCount: number;
}

const COMPRESSED_COOKIE_BASE = 0x1c849304;
const ENCODING_COOKIE_BASE = 0x1c849303;
const HEADER_BYTES = 40;

function bad(what: string): Error {
  return new Error(`not a Salvo HDR histogram encoding: ${what}`);
}

/** Decodes a compressed base64 ("HISTF...") histogram recorded with lowest 1 and 3 digits. */
export function decodeSparse(encoded: string): SparseHistogram {
  const outer = Buffer.from(encoded, 'base64');
  if (outer.length < 8 || (outer.readInt32BE(0) & ~0xf0) !== COMPRESSED_COOKIE_BASE) throw bad('cookie');
  const data = inflateSync(outer.subarray(8, 8 + outer.readInt32BE(4)));
  if ((data.readInt32BE(0) & ~0xf0) !== ENCODING_COOKIE_BASE) throw bad('inner cookie');
  const payloadBytes = data.readInt32BE(4);
  if (data.readInt32BE(12) !== 3 || Number(data.readBigInt64BE(16)) !== 1) {
    throw bad('expected lowest value 1 and 3 significant digits');
  }
  const indexes: number[] = [];
  const counts: number[] = [];
  let totalCount = 0;
  let index = 0;
  let position = HEADER_BYTES;
  const end = HEADER_BYTES + payloadBytes;
  while (position < end) {
    // ZigZag LEB128-64b9B: 7 bits a byte for 8 bytes, then a full 9th byte.
    let raw = 0;
    let scale = 1;
    let byte = 0x80;
    for (let i = 0; i < 9 && byte & 0x80; i++) {
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
