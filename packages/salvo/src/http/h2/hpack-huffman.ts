/**
 * HPACK's Huffman code (RFC 7541 §5.2, Appendix B): servers (nginx, node:http2, Go)
 * Huffman-encode most of their header strings; Salvo encodes its own once per request shape.
 *
 * The decoder walks the code tree a nibble at a time: a table built once from the code list
 * gives, for each tree node and each 4-bit input, the node reached and the symbol emitted on
 * the way (the shortest code is 5 bits, so a nibble completes at most one symbol).
 */

/** Appendix B: each symbol's code, aligned to the least significant bit, symbols 0–256 (EOS). */
const CODES = [
  0x1ff8, 0x7fffd8, 0xfffffe2, 0xfffffe3, 0xfffffe4, 0xfffffe5, 0xfffffe6, 0xfffffe7, 0xfffffe8, 0xffffea,
  0x3ffffffc, 0xfffffe9, 0xfffffea, 0x3ffffffd, 0xfffffeb, 0xfffffec, 0xfffffed, 0xfffffee, 0xfffffef,
  0xffffff0, 0xffffff1, 0xffffff2, 0x3ffffffe, 0xffffff3, 0xffffff4, 0xffffff5, 0xffffff6, 0xffffff7,
  0xffffff8, 0xffffff9, 0xffffffa, 0xffffffb, 0x14, 0x3f8, 0x3f9, 0xffa, 0x1ff9, 0x15, 0xf8, 0x7fa, 0x3fa,
  0x3fb, 0xf9, 0x7fb, 0xfa, 0x16, 0x17, 0x18, 0x0, 0x1, 0x2, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x5c,
  0xfb, 0x7ffc, 0x20, 0xffb, 0x3fc, 0x1ffa, 0x21, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
  0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0xfc, 0x73, 0xfd, 0x1ffb, 0x7fff0,
  0x1ffc, 0x3ffc, 0x22, 0x7ffd, 0x3, 0x23, 0x4, 0x24, 0x5, 0x25, 0x26, 0x27, 0x6, 0x74, 0x75, 0x28, 0x29,
  0x2a, 0x7, 0x2b, 0x76, 0x2c, 0x8, 0x9, 0x2d, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7ffe, 0x7fc, 0x3ffd, 0x1ffd,
  0xffffffc, 0xfffe6, 0x3fffd2, 0xfffe7, 0xfffe8, 0x3fffd3, 0x3fffd4, 0x3fffd5, 0x7fffd9, 0x3fffd6, 0x7fffda,
  0x7fffdb, 0x7fffdc, 0x7fffdd, 0x7fffde, 0xffffeb, 0x7fffdf, 0xffffec, 0xffffed, 0x3fffd7, 0x7fffe0,
  0xffffee, 0x7fffe1, 0x7fffe2, 0x7fffe3, 0x7fffe4, 0x1fffdc, 0x3fffd8, 0x7fffe5, 0x3fffd9, 0x7fffe6,
  0x7fffe7, 0xffffef, 0x3fffda, 0x1fffdd, 0xfffe9, 0x3fffdb, 0x3fffdc, 0x7fffe8, 0x7fffe9, 0x1fffde, 0x7fffea,
  0x3fffdd, 0x3fffde, 0xfffff0, 0x1fffdf, 0x3fffdf, 0x7fffeb, 0x7fffec, 0x1fffe0, 0x1fffe1, 0x3fffe0,
  0x1fffe2, 0x7fffed, 0x3fffe1, 0x7fffee, 0x7fffef, 0xfffea, 0x3fffe2, 0x3fffe3, 0x3fffe4, 0x7ffff0, 0x3fffe5,
  0x3fffe6, 0x7ffff1, 0x3ffffe0, 0x3ffffe1, 0xfffeb, 0x7fff1, 0x3fffe7, 0x7ffff2, 0x3fffe8, 0x1ffffec,
  0x3ffffe2, 0x3ffffe3, 0x3ffffe4, 0x7ffffde, 0x7ffffdf, 0x3ffffe5, 0xfffff1, 0x1ffffed, 0x7fff2, 0x1fffe3,
  0x3ffffe6, 0x7ffffe0, 0x7ffffe1, 0x3ffffe7, 0x7ffffe2, 0xfffff2, 0x1fffe4, 0x1fffe5, 0x3ffffe8, 0x3ffffe9,
  0xffffffd, 0x7ffffe3, 0x7ffffe4, 0x7ffffe5, 0xfffec, 0xfffff3, 0xfffed, 0x1fffe6, 0x3fffe9, 0x1fffe7,
  0x1fffe8, 0x7ffff3, 0x3fffea, 0x3fffeb, 0x1ffffee, 0x1ffffef, 0xfffff4, 0xfffff5, 0x3ffffea, 0x7ffff4,
  0x3ffffeb, 0x7ffffe6, 0x3ffffec, 0x3ffffed, 0x7ffffe7, 0x7ffffe8, 0x7ffffe9, 0x7ffffea, 0x7ffffeb,
  0xffffffe, 0x7ffffec, 0x7ffffed, 0x7ffffee, 0x7ffffef, 0x7fffff0, 0x3ffffee, 0x3fffffff,
];

/** Appendix B: each symbol's code length in bits. */
const LENGTHS = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28,
  28, 28, 28, 28, 28, 6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7,
  8, 15, 6, 12, 10, 13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19,
  13, 14, 6, 15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13,
  28, 20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21,
  22, 23, 22, 23, 23, 24, 22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23,
  22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, 26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
  19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, 20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25,
  25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26, 30,
];

const EOS = 256;
/** A transition that decodes EOS, or leaves the tree: the string is malformed. */
const FAIL = -1;

/**
 * The code tree as arrays indexed by node (0 is the root): `child` holds, per node and bit,
 * the next internal node (> 0) or a leaf as -(symbol + 1). `onesOnly` marks the nodes reached
 * from the root by 1-bits only, and `depth` their distance: valid padding (§5.2) is a
 * prefix of EOS of at most 7 bits.
 */
function buildTree(): { child: Int32Array; depth: Uint8Array; onesOnly: Uint8Array; nodes: number } {
  const child = new Int32Array(512 * 2);
  const depth = new Uint8Array(512);
  const onesOnly = new Uint8Array(512);
  onesOnly[0] = 1;
  let nodes = 1;
  for (let sym = 0; sym <= EOS; sym++) {
    const code = CODES[sym] as number;
    const length = LENGTHS[sym] as number;
    let node = 0;
    for (let i = length - 1; i > 0; i--) {
      const bit = (code >>> i) & 1;
      let next = child[node * 2 + bit] as number;
      if (next === 0) {
        next = nodes++;
        child[node * 2 + bit] = next;
        depth[next] = (depth[node] as number) + 1;
        onesOnly[next] = onesOnly[node] === 1 && bit === 1 ? 1 : 0;
      }
      node = next;
    }
    child[node * 2 + (code & 1)] = -(sym + 1);
  }
  return { child, depth, onesOnly, nodes };
}

/**
 * Per node and nibble: the node reached (bits 0–8; `FAIL` as the whole entry), and the
 * symbol emitted plus one (bits 9–17; 0 when none).
 */
const { NIBBLES, ACCEPTS } = (() => {
  const { child, depth, onesOnly, nodes } = buildTree();
  const nibbles = new Int32Array(nodes * 16);
  const accepts = new Uint8Array(nodes);
  for (let node = 0; node < nodes; node++) {
    accepts[node] = node === 0 || (onesOnly[node] === 1 && (depth[node] as number) <= 7) ? 1 : 0;
    for (let nibble = 0; nibble < 16; nibble++) {
      let at = node;
      let emitted = 0;
      let failed = false;
      for (let i = 3; i >= 0; i--) {
        const next = child[at * 2 + ((nibble >>> i) & 1)] as number;
        if (next > 0) {
          at = next;
          continue;
        }
        const sym = -next - 1;
        if (sym === EOS || emitted !== 0) {
          failed = true;
          break;
        }
        emitted = sym + 1;
        at = 0;
      }
      nibbles[node * 16 + nibble] = failed ? FAIL : at | (emitted << 9);
    }
  }
  return { NIBBLES: nibbles, ACCEPTS: accepts };
})();

/** Scratch for decoded bytes; header strings are short, and a longer one grows it. */
let scratch = Buffer.allocUnsafe(4096);

/**
 * Decodes `src[start, end)` as a Huffman-coded string (latin1, as header values are octets).
 * Returns undefined when it is malformed: EOS inside, or padding that is not EOS's prefix.
 */
export function huffmanDecode(src: Buffer, start: number, end: number): string | undefined {
  // at most 8 symbols per 5 bytes: the shortest code is 5 bits
  const most = Math.ceil(((end - start) * 8) / 5);
  if (scratch.length < most) scratch = Buffer.allocUnsafe(most);
  const out = scratch;
  let n = 0;
  let node = 0;
  for (let i = start; i < end; i++) {
    const byte = src[i] as number;
    let entry = NIBBLES[node * 16 + (byte >>> 4)] as number;
    if (entry === FAIL) return undefined;
    if (entry >>> 9 !== 0) out[n++] = (entry >>> 9) - 1;
    node = entry & 0x1ff;
    entry = NIBBLES[node * 16 + (byte & 0xf)] as number;
    if (entry === FAIL) return undefined;
    if (entry >>> 9 !== 0) out[n++] = (entry >>> 9) - 1;
    node = entry & 0x1ff;
  }
  if (ACCEPTS[node] !== 1) return undefined;
  return out.toString('latin1', 0, n);
}

/** Huffman-encodes `text` (latin1), padded with EOS's leading 1-bits. */
export function huffmanEncode(text: string): Buffer {
  let bits = 0;
  for (let i = 0; i < text.length; i++) bits += LENGTHS[text.charCodeAt(i) & 0xff] as number;
  const out = Buffer.alloc(Math.ceil(bits / 8));
  let acc = 0;
  let held = 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const sym = text.charCodeAt(i) & 0xff;
    const length = LENGTHS[sym] as number;
    let code = CODES[sym] as number;
    let left = length;
    while (left > 0) {
      const take = Math.min(left, 8 - held);
      left -= take;
      acc = (acc << take) | ((code >>> left) & ((1 << take) - 1));
      code &= (1 << left) - 1;
      held += take;
      if (held === 8) {
        out[n++] = acc;
        acc = held = 0;
      }
    }
  }
  if (held > 0) out[n] = (acc << (8 - held)) | ((1 << (8 - held)) - 1);
  return out;
}
