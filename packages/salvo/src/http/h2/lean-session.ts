import * as net from 'node:net';
import { monotonicMs } from '../../clock.ts';
import { CANCEL, h2CodeName } from './errors.ts';
import type { H2Exchange } from './exchange.ts';
import {
  COMPRESSION_ERROR,
  CONTINUATION,
  clientPreface,
  DATA,
  DEFAULT_MAX_FRAME,
  DEFAULT_WINDOW,
  FLAG_ACK,
  FLAG_END_HEADERS,
  FLAG_END_STREAM,
  FLAG_PADDED,
  FLAG_PRIORITY,
  FLOW_CONTROL_ERROR,
  FRAME_HEADER_BYTES,
  FRAME_SIZE_ERROR,
  frame32,
  GOAWAY,
  goawayFrame,
  HEADERS,
  MAX_STREAM_ID,
  MAX_WINDOW,
  NO_ERROR,
  PING,
  PROTOCOL_ERROR,
  PUSH_PROMISE,
  RST_STREAM,
  SETTINGS,
  SETTINGS_ACK,
  SETTINGS_INITIAL_WINDOW_SIZE,
  SETTINGS_MAX_CONCURRENT_STREAMS,
  SETTINGS_MAX_FRAME_SIZE,
  WINDOW_UPDATE,
  writeFrameHeader,
} from './frames.ts';
import { headerBlockFor } from './header-block.ts';
import { HpackDecoder, HpackError } from './hpack-decoder.ts';
import { H2SessionBase, type OwnedSocket, SESSION } from './session-base.ts';

/**
 * Receive windows: 1 MiB per stream (as the node:http2 client), 8 MiB for the connection.
 * Bodies are consumed as they arrive, so a window bounds what the server may send ahead, not
 * what Salvo holds; consumed bytes are granted back once a quarter of the window is used.
 */
const STREAM_WINDOW = 1 << 20;
const CONNECTION_WINDOW = 8 << 20;
const STREAM_REFILL = STREAM_WINDOW >>> 2;
const CONNECTION_REFILL = CONNECTION_WINDOW >>> 2;
const PREFACE = clientPreface(STREAM_WINDOW, CONNECTION_WINDOW);
/**
 * h2c sockets read into this one buffer (net's `onread`, as the lean HTTP/1.1 transport):
 * reads are handled one at a time and synchronously, and what outlives a read is copied out
 * (a kept body's bytes, a frame cut across reads), so a downloaded body that is dropped
 * allocates nothing per read.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
/** RST_STREAM and WINDOW_UPDATE: a frame header and 4 bytes. */
const FRAME32_BYTES = FRAME_HEADER_BYTES + 4;
/**
 * The decoded fields of the header block at hand, shared by every session: a block is
 * decoded and handed over in one synchronous step, and exchanges copy what they keep (one
 * array per session held its last block's strings, about 0.2 KiB a VU).
 */
const DECODED_FIELDS: string[] = [];

/** A TLS socket's read: one listener for every session (see H2SessionBase's). */
function onTlsData(this: OwnedSocket, chunk: Buffer): void {
  (this[SESSION] as LeanH2Session).onBytes(chunk, chunk.length);
}

/**
 * An HTTP/2 connection spoken by Salvo itself on the socket (RFC 9113), the default client:
 * node:http2 makes an AsyncResource and an Http2Stream object per request, and costs about
 * twice this client's CPU per request (bench/h2-layers.ts). Here a request is its
 * exchange (which carries the stream's id and windows), one cached HPACK block copied into a
 * HEADERS frame, and DATA payloads handed on as slices of the socket's chunks.
 *
 * Frames are parsed from the socket's reads as they come; a frame cut across reads waits
 * for its tail (frames are at most 16 KiB: our SETTINGS_MAX_FRAME_SIZE is the default).
 * Anything malformed is a connection error: GOAWAY, the socket closed, and every open
 * stream fails as `protocol`.
 */
export class LeanH2Session extends H2SessionBase {
  private readonly streams = new Map<number, H2Exchange>();
  private nextStreamId = 1;
  private readonly decoder = new HpackDecoder();
  /** Connection send window, and the server's SETTINGS that bound sending. */
  private sendWindow = DEFAULT_WINDOW;
  private peerStreamWindow = DEFAULT_WINDOW;
  private peerMaxFrame = DEFAULT_MAX_FRAME;
  private peerMaxStreams: number | undefined;
  /** Bytes received on the connection not yet granted back. */
  private recvUnacked = 0;
  /** Bytes of a frame cut across socket chunks. */
  private pending: Buffer | undefined;
  /** A header block awaiting its CONTINUATION frames: the stream, HEADERS' flags, the fragments. */
  private blockStreamId = 0;
  private blockFlags = 0;
  private blockFragments: Buffer[] | undefined;
  /** Bytes of that block's frames on the wire, frame headers included. */
  private blockWireBytes = 0;
  /** Streams whose request body waits for window. */
  private blocked: H2Exchange[] = [];
  private settingsSeen = false;
  private corked = false;
  /** A connection error was found: nothing more is read. */
  private broken = false;

  startStream(ex: H2Exchange, nowMs: number): void {
    if (ex.assignedMs === 0) ex.assignedMs = nowMs; // an opener's was its session's start
    const id = this.nextStreamId;
    if (id > MAX_STREAM_ID) {
      // stream ids ran out: this session takes no more, a fresh one carries the request
      this.closing = true;
      this.origin.retry(ex);
      this.closeIfIdle();
      return;
    }
    this.nextStreamId += 2;
    ex.reused = this.started > 0;
    ex.sendStartMs = nowMs;
    const body = ex.req.body;
    const block = headerBlockFor(ex.req, ex.shape);
    ex.bytesSent = this.writeHeaders(id, block, body === undefined || body.length === 0);
    this.started++;
    this.active++;
    ex.streamId = id;
    ex.sendWindow = this.peerStreamWindow;
    ex.bodyOffset = 0;
    ex.recvUnacked = 0;
    this.streams.set(id, ex);
    ex.begin(this, nowMs);
    if (body !== undefined) this.sendBody(ex);
  }

  cancel(ex: H2Exchange): void {
    const id = ex.streamId;
    if (id === 0 || this.streams.get(id) !== ex) return;
    this.dropStream(id, ex);
    this.write(frame32(RST_STREAM, id, CANCEL));
    this.streamEnded();
  }

  shutdown(): Promise<void> {
    this.shutdownSocket();
    return this.closed;
  }

  /** Sends what the turn wrote, in as few TLS records and packets as it fits. */
  flush(): void {
    this.corked = false;
    this.socket.uncork();
  }

  protected override connectPlain(): net.Socket {
    return net.connect({
      host: this.origin.connectHost,
      port: this.origin.connectPort,
      onread: {
        buffer: READ_BUFFER,
        callback: (bytes: number, buf: Uint8Array): boolean => {
          this.onBytes(buf as Buffer, bytes);
          return true;
        },
      },
    });
  }

  protected openSession(): void {
    // TLS sockets hand over a fresh Buffer per read; plain ones read into READ_BUFFER
    if (this.origin.secure) this.socket.on('data', onTlsData);
    this.write(PREFACE);
  }

  protected onSocketClose(): void {
    this.closing = true;
    this.blocked.length = 0;
    for (const [id, ex] of this.streams) {
      this.streams.delete(id);
      this.active--;
      if (!ex.settled) this.streamFailed(ex, id, 0, true);
    }
    this.ended();
  }

  // Writing.

  private write(buf: Buffer): void {
    const socket = this.socket;
    if (socket.destroyed) return;
    if (!this.corked) {
      this.corked = true;
      socket.cork();
      process.nextTick(flushSession, this);
    }
    socket.write(buf);
  }

  /** Writes the request's header block; returns the bytes its frames take on the wire. */
  private writeHeaders(id: number, block: Buffer, endStream: boolean): number {
    const max = this.peerMaxFrame;
    let length = Math.min(block.length, max);
    const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
    const last = length === block.length;
    writeFrameHeader(
      frame,
      0,
      length,
      HEADERS,
      (endStream ? FLAG_END_STREAM : 0) | (last ? FLAG_END_HEADERS : 0),
      id,
    );
    block.copy(frame, FRAME_HEADER_BYTES, 0, length);
    this.write(frame);
    // a block larger than a frame goes on in CONTINUATION frames (§6.10)
    for (let at = length; at < block.length; at += length) {
      length = Math.min(block.length - at, max);
      const more = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
      writeFrameHeader(
        more,
        0,
        length,
        CONTINUATION,
        at + length === block.length ? FLAG_END_HEADERS : 0,
        id,
      );
      block.copy(more, FRAME_HEADER_BYTES, at, at + length);
      this.write(more);
    }
    return block.length + FRAME_HEADER_BYTES * Math.max(1, Math.ceil(block.length / max));
  }

  /** Frames as much of `ex`'s body as the windows allow (slices of the caller's buffer, no copy). */
  private sendBody(ex: H2Exchange): void {
    const body = ex.req.body as Buffer;
    const id = ex.streamId;
    while (ex.bodyOffset < body.length) {
      const n = Math.min(body.length - ex.bodyOffset, ex.sendWindow, this.sendWindow, this.peerMaxFrame);
      if (n <= 0) {
        if (!this.blocked.includes(ex)) this.blocked.push(ex);
        return;
      }
      const end = ex.bodyOffset + n;
      const head = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
      writeFrameHeader(head, 0, n, DATA, end === body.length ? FLAG_END_STREAM : 0, id);
      this.write(head);
      this.write(body.subarray(ex.bodyOffset, end));
      ex.bodyOffset = end;
      ex.bytesSent += FRAME_HEADER_BYTES + n;
      ex.sendWindow -= n;
      this.sendWindow -= n;
    }
    ex.onBodySent();
  }

  /** Window opened: bodies that waited go on. */
  private sendBlocked(): void {
    const waiting = this.blocked;
    if (waiting.length === 0) return;
    this.blocked = [];
    for (const ex of waiting) if (this.streams.get(ex.streamId) === ex) this.sendBody(ex);
  }

  // Reading.

  /** `chunk[0, end)` came in (on h2c, in READ_BUFFER: nothing may keep a slice of it). */
  onBytes(chunk: Buffer, end: number): void {
    if (this.broken) return;
    let at = 0;
    if (this.pending !== undefined) {
      at = this.completePending(chunk, end);
      if (at < 0 || this.broken) return;
    }
    this.parse(chunk, at, end);
  }

  /**
   * Completes the frame cut across reads with the head of `chunk`, copying that frame only.
   * Returns where the rest of `chunk` starts, or -1 when the frame is still incomplete.
   */
  private completePending(chunk: Buffer, end: number): number {
    let pending = this.pending as Buffer;
    let used = 0;
    if (pending.length < FRAME_HEADER_BYTES) {
      used = Math.min(FRAME_HEADER_BYTES - pending.length, end);
      pending = Buffer.concat([pending, chunk.subarray(0, used)]);
      if (pending.length < FRAME_HEADER_BYTES) {
        this.pending = pending;
        return -1;
      }
    }
    const length = ((pending[0] as number) << 16) | ((pending[1] as number) << 8) | (pending[2] as number);
    // too long: parse reports it
    const want = length > DEFAULT_MAX_FRAME ? 0 : FRAME_HEADER_BYTES + length - pending.length;
    if (end - used < want) {
      this.pending = Buffer.concat([pending, chunk.subarray(used, end)]);
      return -1;
    }
    this.pending = undefined;
    const frame = want === 0 ? pending : Buffer.concat([pending, chunk.subarray(used, used + want)]);
    this.parse(frame, 0, frame.length);
    return used + want;
  }

  /** Reads the whole frames of `buf[from, end)`; a cut frame's bytes are copied to `pending`. */
  private parse(buf: Buffer, from: number, end: number): void {
    let at = from;
    while (end - at >= FRAME_HEADER_BYTES) {
      const length = ((buf[at] as number) << 16) | ((buf[at + 1] as number) << 8) | (buf[at + 2] as number);
      if (length > DEFAULT_MAX_FRAME) {
        if (!this.settingsSeen && buf.toString('latin1', at, at + 5) === 'HTTP/') {
          this.connectionError(PROTOCOL_ERROR, 'the server answered in HTTP/1.x, not HTTP/2');
        } else {
          this.connectionError(FRAME_SIZE_ERROR, `a frame of ${length} bytes, above SETTINGS_MAX_FRAME_SIZE`);
        }
        return;
      }
      if (end - at - FRAME_HEADER_BYTES < length) break;
      const type = buf[at + 3] as number;
      const flags = buf[at + 4] as number;
      const id = buf.readUInt32BE(at + 5) & 0x7fffffff;
      this.onFrame(buf, at + FRAME_HEADER_BYTES, length, type, flags, id);
      if (this.broken) return;
      at += FRAME_HEADER_BYTES + length;
    }
    if (at < end) this.pending = Buffer.from(buf.subarray(at, end));
  }

  private onFrame(buf: Buffer, start: number, length: number, type: number, flags: number, id: number): void {
    if (!this.settingsSeen && type !== SETTINGS) {
      this.connectionError(PROTOCOL_ERROR, "the server's first frame was not SETTINGS");
      return;
    }
    if (this.blockFragments !== undefined && type !== CONTINUATION) {
      this.connectionError(PROTOCOL_ERROR, 'a frame between HEADERS and its CONTINUATION');
      return;
    }
    switch (type) {
      case DATA:
        this.onData(buf, start, length, flags, id);
        return;
      case HEADERS:
        this.onHeaders(buf, start, length, flags, id);
        return;
      case CONTINUATION:
        this.onContinuation(buf, start, length, flags, id);
        return;
      case RST_STREAM:
        this.onRstStream(buf, start, length, id);
        return;
      case SETTINGS:
        this.onSettings(buf, start, length, flags, id);
        return;
      case PUSH_PROMISE:
        this.connectionError(PROTOCOL_ERROR, 'PUSH_PROMISE, though SETTINGS_ENABLE_PUSH is 0');
        return;
      case PING:
        this.onPing(buf, start, length, flags, id);
        return;
      case GOAWAY:
        this.onGoaway(buf, start, length, id);
        return;
      case WINDOW_UPDATE:
        this.onWindowUpdate(buf, start, length, id);
        return;
      default:
        // PRIORITY and unknown frame types are ignored (§5.5, §6.3)
        return;
    }
  }

  private onData(buf: Buffer, start: number, length: number, flags: number, id: number): void {
    if (id === 0) {
      this.connectionError(PROTOCOL_ERROR, 'DATA on stream 0');
      return;
    }
    // flow control counts the whole payload, padding included (§6.9.1)
    this.recvUnacked += length;
    if (this.recvUnacked >= CONNECTION_REFILL) {
      this.write(frame32(WINDOW_UPDATE, 0, this.recvUnacked));
      this.recvUnacked = 0;
    }
    let dataStart = start;
    let dataEnd = start + length;
    if (flags & FLAG_PADDED) {
      if (length === 0 || (buf[start] as number) >= length) {
        this.connectionError(PROTOCOL_ERROR, 'DATA padding as long as the frame');
        return;
      }
      dataStart++;
      dataEnd -= buf[start] as number;
    }
    const ex = this.streams.get(id);
    if (ex === undefined) {
      this.unknownStream(id, 'DATA');
      return;
    }
    ex.bytesReceived += FRAME_HEADER_BYTES + length;
    if (ex.firstByteMs === 0) {
      this.streamError(id, ex, 'DATA before the response headers');
      return;
    }
    if (dataEnd > dataStart) {
      const req = ex.req;
      const kept = req.onChunk !== undefined || !req.discardBody;
      const data = buf.subarray(dataStart, dataEnd);
      ex.onData(kept && !this.origin.secure ? Buffer.from(data) : data);
    }
    if (flags & FLAG_END_STREAM) {
      this.responseEnded(id, ex);
      return;
    }
    ex.recvUnacked += length;
    if (ex.recvUnacked >= STREAM_REFILL) {
      this.write(frame32(WINDOW_UPDATE, id, ex.recvUnacked));
      ex.bytesSent += FRAME32_BYTES;
      ex.recvUnacked = 0;
    }
  }

  private onHeaders(buf: Buffer, start: number, length: number, flags: number, id: number): void {
    if (id === 0) {
      this.connectionError(PROTOCOL_ERROR, 'HEADERS on stream 0');
      return;
    }
    let blockStart = start;
    let blockEnd = start + length;
    if (flags & FLAG_PADDED) {
      if (length === 0) {
        this.connectionError(PROTOCOL_ERROR, 'HEADERS padded but empty');
        return;
      }
      blockEnd -= buf[start] as number;
      blockStart++;
    }
    if (flags & FLAG_PRIORITY) blockStart += 5;
    if (blockEnd < blockStart) {
      this.connectionError(PROTOCOL_ERROR, 'HEADERS padding or priority beyond the frame');
      return;
    }
    if (flags & FLAG_END_HEADERS) {
      this.onHeaderBlock(id, flags, buf, blockStart, blockEnd, FRAME_HEADER_BYTES + length);
      return;
    }
    this.blockStreamId = id;
    this.blockFlags = flags;
    this.blockWireBytes = FRAME_HEADER_BYTES + length;
    this.blockFragments = [Buffer.from(buf.subarray(blockStart, blockEnd))];
  }

  private onContinuation(buf: Buffer, start: number, length: number, flags: number, id: number): void {
    const fragments = this.blockFragments;
    if (fragments === undefined || id !== this.blockStreamId) {
      this.connectionError(PROTOCOL_ERROR, 'CONTINUATION without its HEADERS');
      return;
    }
    fragments.push(Buffer.from(buf.subarray(start, start + length)));
    this.blockWireBytes += FRAME_HEADER_BYTES + length;
    if ((flags & FLAG_END_HEADERS) === 0) return;
    this.blockFragments = undefined;
    const block = Buffer.concat(fragments);
    this.onHeaderBlock(id, this.blockFlags, block, 0, block.length, this.blockWireBytes);
  }

  /** A whole header block (`wireBytes` on the wire): the response head, an informational head, or trailers. */
  private onHeaderBlock(
    id: number,
    flags: number,
    block: Buffer,
    start: number,
    end: number,
    wireBytes: number,
  ): void {
    const fields = DECODED_FIELDS;
    fields.length = 0;
    try {
      // decoded whatever the stream: the dynamic table is the connection's
      this.decoder.decode(block, start, end, fields);
    } catch (err) {
      if (!(err instanceof HpackError)) throw err;
      this.connectionError(COMPRESSION_ERROR, err.message);
      return;
    }
    const ex = this.streams.get(id);
    if (ex === undefined) {
      this.unknownStream(id, 'HEADERS');
      return;
    }
    ex.bytesReceived += wireBytes;
    const endStream = (flags & FLAG_END_STREAM) !== 0;
    if (ex.firstByteMs === 0) {
      let status = '';
      for (let i = 0; i + 1 < fields.length; i += 2) {
        if (fields[i] === ':status') {
          status = fields[i + 1] as string;
          break;
        }
      }
      if (!/^[1-5]\d\d$/.test(status)) {
        this.streamError(id, ex, `a response without a valid :status (${JSON.stringify(status)})`);
        return;
      }
      // 1xx heads (100 Continue, 103 Early Hints) come before the response (§8.1)
      if (status.charCodeAt(0) === 49 /* 1 */) {
        if (endStream) this.streamError(id, ex, `an informational ${status} response ended the stream`);
        return;
      }
      ex.onResponse(fields);
    } else {
      if (!endStream) {
        this.streamError(id, ex, 'trailers that do not end the stream');
        return;
      }
      ex.onTrailers(fields);
    }
    if (endStream) this.responseEnded(id, ex);
  }

  private onRstStream(buf: Buffer, start: number, length: number, id: number): void {
    if (id === 0 || length !== 4) {
      this.connectionError(id === 0 ? PROTOCOL_ERROR : FRAME_SIZE_ERROR, 'a malformed RST_STREAM');
      return;
    }
    const ex = this.streams.get(id);
    if (ex === undefined) return;
    ex.bytesReceived += FRAME32_BYTES;
    this.dropStream(id, ex);
    this.streamFailed(ex, id, buf.readUInt32BE(start), false);
    this.streamEnded();
  }

  private onSettings(buf: Buffer, start: number, length: number, flags: number, id: number): void {
    if (id !== 0) {
      this.connectionError(PROTOCOL_ERROR, 'SETTINGS on a stream');
      return;
    }
    if (flags & FLAG_ACK) {
      if (length !== 0) this.connectionError(FRAME_SIZE_ERROR, 'a SETTINGS ack with a payload');
      return;
    }
    if (length % 6 !== 0) {
      this.connectionError(FRAME_SIZE_ERROR, 'SETTINGS of a length not a multiple of 6');
      return;
    }
    let windowDelta = 0;
    for (let at = start; at < start + length; at += 6) {
      const key = buf.readUInt16BE(at);
      const value = buf.readUInt32BE(at + 2);
      if (key === SETTINGS_MAX_CONCURRENT_STREAMS) {
        this.peerMaxStreams = value;
      } else if (key === SETTINGS_INITIAL_WINDOW_SIZE) {
        if (value > MAX_WINDOW) {
          this.connectionError(FLOW_CONTROL_ERROR, `SETTINGS_INITIAL_WINDOW_SIZE ${value} above 2^31-1`);
          return;
        }
        windowDelta += value - this.peerStreamWindow;
        this.peerStreamWindow = value;
      } else if (key === SETTINGS_MAX_FRAME_SIZE) {
        if (value < DEFAULT_MAX_FRAME || value > 0xffffff) {
          this.connectionError(PROTOCOL_ERROR, `SETTINGS_MAX_FRAME_SIZE ${value} out of range`);
          return;
        }
        this.peerMaxFrame = value;
      }
      // HEADER_TABLE_SIZE: our encoder never indexes; ENABLE_PUSH and the rest bind the server
    }
    this.write(SETTINGS_ACK);
    this.settingsSeen = true;
    if (windowDelta !== 0) {
      // §6.9.2: the change applies to every open stream's window
      for (const ex of this.streams.values()) {
        ex.sendWindow += windowDelta;
        if (ex.sendWindow > MAX_WINDOW) {
          this.connectionError(FLOW_CONTROL_ERROR, 'a stream window above 2^31-1');
          return;
        }
      }
      if (windowDelta > 0) this.sendBlocked();
    }
    this.remoteLimit(this.peerMaxStreams);
  }

  private onPing(buf: Buffer, start: number, length: number, flags: number, id: number): void {
    if (id !== 0 || length !== 8) {
      this.connectionError(id !== 0 ? PROTOCOL_ERROR : FRAME_SIZE_ERROR, 'a malformed PING');
      return;
    }
    if (flags & FLAG_ACK) return;
    const ack = Buffer.allocUnsafe(FRAME_HEADER_BYTES + 8);
    writeFrameHeader(ack, 0, 8, PING, FLAG_ACK, 0);
    buf.copy(ack, FRAME_HEADER_BYTES, start, start + 8);
    this.write(ack);
  }

  private onGoaway(buf: Buffer, start: number, length: number, id: number): void {
    if (id !== 0 || length < 8) {
      this.connectionError(id !== 0 ? PROTOCOL_ERROR : FRAME_SIZE_ERROR, 'a malformed GOAWAY');
      return;
    }
    const lastId = buf.readUInt32BE(start) & 0x7fffffff;
    const code = buf.readUInt32BE(start + 4);
    // a second GOAWAY may only lower the last id (§6.8)
    if (this.goawayLastId >= 0 && lastId > this.goawayLastId) return;
    this.goaway(code, lastId);
    // streams above the last id were not processed: they go again now (session-base.ts)
    for (const [streamId, ex] of this.streams) {
      if (streamId <= lastId) continue;
      this.dropStream(streamId, ex);
      this.streamFailed(ex, streamId, 0, false);
    }
    this.closeIfIdle();
  }

  private onWindowUpdate(buf: Buffer, start: number, length: number, id: number): void {
    if (length !== 4) {
      this.connectionError(FRAME_SIZE_ERROR, 'a WINDOW_UPDATE not 4 bytes long');
      return;
    }
    const increment = buf.readUInt32BE(start) & 0x7fffffff;
    if (id === 0) {
      if (increment === 0 || this.sendWindow + increment > MAX_WINDOW) {
        this.connectionError(
          increment === 0 ? PROTOCOL_ERROR : FLOW_CONTROL_ERROR,
          `a connection WINDOW_UPDATE of ${increment}`,
        );
        return;
      }
      this.sendWindow += increment;
      this.sendBlocked();
      return;
    }
    const ex = this.streams.get(id);
    if (ex === undefined) return;
    ex.bytesReceived += FRAME32_BYTES;
    if (increment === 0 || ex.sendWindow + increment > MAX_WINDOW) {
      this.streamError(id, ex, `a stream WINDOW_UPDATE of ${increment}`);
      return;
    }
    ex.sendWindow += increment;
    if (this.blocked.includes(ex)) this.sendBlocked();
  }

  // Endings.

  /** The server ended the stream: the response is complete. */
  private responseEnded(id: number, ex: H2Exchange): void {
    this.dropStream(id, ex);
    const body = ex.req.body;
    // the server answered before the whole body went (§8.1): our half of the stream ends too
    if (body !== undefined && ex.bodyOffset < body.length) {
      this.write(frame32(RST_STREAM, id, NO_ERROR));
      ex.bytesSent += FRAME32_BYTES;
    }
    ex.complete();
    this.streamEnded();
  }

  /** Frames for a stream we do not hold: one we ended (ignored), or one never opened (an error). */
  private unknownStream(id: number, what: string): void {
    if ((id & 1) === 1 && id < this.nextStreamId) return;
    this.connectionError(PROTOCOL_ERROR, `${what} on stream ${id}, which the client never opened`);
  }

  private dropStream(id: number, ex: H2Exchange): void {
    this.streams.delete(id);
    this.active--;
    if (this.blocked.length > 0) {
      const i = this.blocked.indexOf(ex);
      if (i !== -1) this.blocked.splice(i, 1);
    }
  }

  /** A stream slot came free. */
  private streamEnded(): void {
    if (this.closing) this.closeIfIdle();
    else this.origin.sessionFree(this);
  }

  /** A session that takes no new streams closes with its last one. */
  private closeIfIdle(): void {
    if (this.active === 0) this.socket.destroy();
  }

  /** One stream broke the protocol: it is reset, and fails as `protocol`. */
  private streamError(id: number, ex: H2Exchange, message: string): void {
    this.dropStream(id, ex);
    this.write(frame32(RST_STREAM, id, PROTOCOL_ERROR));
    ex.bytesSent += FRAME32_BYTES;
    ex.fail('protocol', `HTTP/2 protocol error: ${message}`, monotonicMs());
    this.streamEnded();
  }

  /**
   * The server broke the protocol for the whole connection (§5.4.1): GOAWAY with the code,
   * the socket closed; open streams fail as `protocol` (error-kinds.ts files ERR_HTTP2_*).
   */
  private connectionError(code: number, message: string): void {
    this.broken = true;
    this.closing = true;
    this.error ??= Object.assign(new Error(`HTTP/2 ${h2CodeName(code)}: ${message}`), {
      code: `ERR_HTTP2_${h2CodeName(code).split(' ')[0]}`,
    });
    this.write(goawayFrame(0, code));
    this.flush();
    this.socket.destroy();
  }
}

function flushSession(session: LeanH2Session): void {
  session.flush();
}
