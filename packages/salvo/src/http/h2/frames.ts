/**
 * HTTP/2 framing (RFC 9113 §4, §6): frame types, flags, error codes, and the few frames the
 * lean client builds whole.
 */

export const FRAME_HEADER_BYTES = 9;

export const DATA = 0x0;
export const HEADERS = 0x1;
export const PRIORITY = 0x2;
export const RST_STREAM = 0x3;
export const SETTINGS = 0x4;
export const PUSH_PROMISE = 0x5;
export const PING = 0x6;
export const GOAWAY = 0x7;
export const WINDOW_UPDATE = 0x8;
export const CONTINUATION = 0x9;

export const FLAG_END_STREAM = 0x1;
export const FLAG_ACK = 0x1;
export const FLAG_END_HEADERS = 0x4;
export const FLAG_PADDED = 0x8;
export const FLAG_PRIORITY = 0x20;

export const NO_ERROR = 0x0;
export const PROTOCOL_ERROR = 0x1;
export const FLOW_CONTROL_ERROR = 0x3;
export const FRAME_SIZE_ERROR = 0x6;
export const COMPRESSION_ERROR = 0x9;

export const SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
export const SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
export const SETTINGS_MAX_FRAME_SIZE = 0x5;
const SETTINGS_HEADER_TABLE_SIZE = 0x1;
const SETTINGS_ENABLE_PUSH = 0x2;

/** RFC 9113 §6.5.2 defaults, and the largest window (§6.9.1). */
export const DEFAULT_WINDOW = 65_535;
export const DEFAULT_MAX_FRAME = 16_384;
export const MAX_WINDOW = 0x7fffffff;
export const MAX_STREAM_ID = 0x7fffffff;
/**
 * The HPACK dynamic table the client lets a server fill (RFC 7541 §4.2): the protocol's
 * default, stated in our SETTINGS as browsers state theirs. nginx answers any stated size
 * with a table size update to 0 (it never references its table), so its sessions keep no
 * table here; a server that indexes gets the usual 4 096 bytes (docs/http.md, HTTP/2 memory).
 */
export const HEADER_TABLE_SIZE = 4096;

/** Writes a frame header at `at`. */
export function writeFrameHeader(
  buf: Buffer,
  at: number,
  length: number,
  type: number,
  flags: number,
  streamId: number,
): void {
  buf[at] = length >>> 16;
  buf[at + 1] = (length >>> 8) & 0xff;
  buf[at + 2] = length & 0xff;
  buf[at + 3] = type;
  buf[at + 4] = flags;
  buf.writeUInt32BE(streamId, at + 5);
}

/** A frame with a 4-byte payload: RST_STREAM's error code, WINDOW_UPDATE's increment. */
export function frame32(type: number, streamId: number, value: number): Buffer {
  const buf = Buffer.allocUnsafe(FRAME_HEADER_BYTES + 4);
  writeFrameHeader(buf, 0, 4, type, 0, streamId);
  buf.writeUInt32BE(value, FRAME_HEADER_BYTES);
  return buf;
}

export function goawayFrame(lastStreamId: number, code: number): Buffer {
  const buf = Buffer.allocUnsafe(FRAME_HEADER_BYTES + 8);
  writeFrameHeader(buf, 0, 8, GOAWAY, 0, 0);
  buf.writeUInt32BE(lastStreamId, FRAME_HEADER_BYTES);
  buf.writeUInt32BE(code, FRAME_HEADER_BYTES + 4);
  return buf;
}

export const SETTINGS_ACK: Buffer = Buffer.from([0, 0, 0, SETTINGS, FLAG_ACK, 0, 0, 0, 0]);

/**
 * What a client sends first (§3.4): the preface, its SETTINGS (the header table size, push
 * refused, §8.4; a stream window of `streamWindow`), and a WINDOW_UPDATE opening the
 * connection's window to `connectionWindow`.
 */
export function clientPreface(streamWindow: number, connectionWindow: number): Buffer {
  const magic = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
  const settings = Buffer.allocUnsafe(FRAME_HEADER_BYTES + 18);
  writeFrameHeader(settings, 0, 18, SETTINGS, 0, 0);
  let at = FRAME_HEADER_BYTES;
  for (const [key, value] of [
    [SETTINGS_HEADER_TABLE_SIZE, HEADER_TABLE_SIZE],
    [SETTINGS_ENABLE_PUSH, 0],
    [SETTINGS_INITIAL_WINDOW_SIZE, streamWindow],
  ] as const) {
    settings.writeUInt16BE(key, at);
    settings.writeUInt32BE(value, at + 2);
    at += 6;
  }
  const window = frame32(WINDOW_UPDATE, 0, connectionWindow - DEFAULT_WINDOW);
  return Buffer.concat([magic, settings, window]);
}
