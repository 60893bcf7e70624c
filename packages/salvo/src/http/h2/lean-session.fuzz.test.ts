/**
 * The lean HTTP/2 client against a raw TCP server that breaks the protocol (h2c): each
 * malformed frame ends the request as a `protocol` error, and random frames after a valid
 * SETTINGS end it settled (an error or a response), never a crash or a hang past its deadline.
 */
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { CONTRACT_TRANSPORTS, type ContractTransport, withClient } from '../testing/index.ts';

const h2c = CONTRACT_TRANSPORTS.find((t) => t.label === 'h2c') as ContractTransport;

function frame(type: number, flags: number, streamId: number, payload: Buffer | number[] = []): Buffer {
  const body = Buffer.from(payload);
  const head = Buffer.alloc(9);
  head.writeUIntBE(body.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(streamId, 5);
  return Buffer.concat([head, body]);
}

const SETTINGS = frame(4, 0, 0);
/** :status 200, indexed (static entry 8). */
const STATUS_200 = [0x88];

/** What the server writes after its SETTINGS, once the client's request is in: name → bytes. */
const MALFORMED: readonly (readonly [string, Buffer])[] = [
  ['a frame above SETTINGS_MAX_FRAME_SIZE', Buffer.from([0x10, 0, 0, 0, 0, 0, 0, 0, 1])],
  ['HEADERS on stream 0', frame(1, 4, 0, STATUS_200)],
  ['HEADERS on a stream the client never opened', frame(1, 4, 2, STATUS_200)],
  ['DATA before the response headers', frame(0, 1, 1, Buffer.from('x'))],
  ['an HPACK index beyond the tables', frame(1, 5, 1, [0xff, 0x40])],
  ['an HPACK index 0', frame(1, 5, 1, [0x80])],
  ['a malformed Huffman string', frame(1, 5, 1, [0x88, 0x00, 0x81, 0x00, 0x81, 0x00])],
  ['a response without :status', frame(1, 5, 1, [0x82])],
  ['PUSH_PROMISE (push was refused)', frame(5, 4, 1, [0, 0, 0, 2, 0x82])],
  ['SETTINGS of 5 bytes', frame(4, 0, 0, [0, 3, 0, 0, 0])],
  ['SETTINGS on a stream', frame(4, 0, 1)],
  ['SETTINGS_MAX_FRAME_SIZE too small', frame(4, 0, 0, [0, 5, 0, 0, 0, 1])],
  ['SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1', frame(4, 0, 0, [0, 4, 0x80, 0, 0, 0])],
  ['PING of 4 bytes', frame(6, 0, 0, [1, 2, 3, 4])],
  ['WINDOW_UPDATE of 3 bytes', frame(8, 0, 0, [0, 0, 1])],
  ['a connection WINDOW_UPDATE of 0', frame(8, 0, 0, [0, 0, 0, 0])],
  ['a connection window above 2^31-1', frame(8, 0, 0, [0x7f, 0xff, 0xff, 0xff])],
  ['CONTINUATION without HEADERS', frame(9, 4, 1, [0x88])],
  ['DATA between HEADERS and CONTINUATION', Buffer.concat([frame(1, 0, 1, STATUS_200), frame(0, 1, 1)])],
  ['RST_STREAM of 2 bytes', frame(3, 0, 1, [0, 0])],
  ['GOAWAY of 4 bytes', frame(7, 0, 0, [0, 0, 0, 0])],
  [
    'DATA padding as long as the frame',
    Buffer.concat([frame(1, 4, 1, STATUS_200), frame(0, 8, 1, [3, 0, 0])]),
  ],
  [
    'trailers that do not end the stream',
    Buffer.concat([frame(1, 4, 1, STATUS_200), frame(1, 4, 1, [0x82])]),
  ],
];

interface RawServer {
  readonly url: string;
  /** The bytes the next connection gets after SETTINGS; `settings: false` leaves SETTINGS out. */
  next(bytes: Buffer, settings?: boolean): void;
  close(): Promise<void>;
}

/** A TCP server that answers each connection's request with SETTINGS and what `next` set, then closes. */
async function startRawServer(): Promise<RawServer> {
  let bytes: Buffer = Buffer.alloc(0);
  let withSettings = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const reply: Buffer = withSettings ? Buffer.concat([SETTINGS, bytes]) : bytes;
    let seen = 0;
    socket.on('data', (chunk: Buffer) => {
      // preface (24) + SETTINGS (21) + WINDOW_UPDATE (13) + a HEADERS frame: then reply
      const before = seen;
      seen += chunk.length;
      if (before < 67 && seen >= 67) socket.end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    next(next, settings = true) {
      bytes = next;
      withSettings = settings;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('lean HTTP/2 client: malformed frames', () => {
  let server: RawServer;
  before(async () => {
    server = await startRawServer();
  });
  after(() => server.close());

  for (const [name, bytes] of MALFORMED) {
    test(`${name}: a protocol error`, async () => {
      server.next(bytes);
      await withClient(h2c, {}, async ({ http }) => {
        const res = await http.get(`${server.url}/`);
        assert.equal(res.error?.kind, 'protocol', `${name}: ${res.error?.kind} ${res.error?.message}`);
      });
    });
  }

  test('an HTTP/1.1 answer to the h2c preface: a protocol error', async () => {
    server.next(Buffer.from('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n'), false);
    await withClient(h2c, {}, async ({ http }) => {
      const res = await http.get(`${server.url}/`);
      assert.equal(res.error?.kind, 'protocol');
      assert.match(res.error?.message ?? '', /HTTP\/1/);
    });
  });

  test('300 runs of random frames after SETTINGS: every request settles, the process stands', async () => {
    let seed = 21;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const kinds = new Map<string, number>();
    const timeouts = { connectMs: 2000, headersMs: 2000, bodyMs: 2000, requestMs: 2000 };
    await withClient(h2c, { timeouts }, async ({ http }) => {
      for (let run = 0; run < 300; run++) {
        const frames: Buffer[] = [];
        for (let f = 0, count = 1 + random(4); f < count; f++) {
          const payload = Array.from({ length: random(24) }, () => random(256));
          // mostly frames on stream 1 (the request) or 0, of the ten defined types and a few others
          frames.push(frame(random(12), random(256), random(3) === 0 ? 0 : 1, payload));
        }
        server.next(Buffer.concat(frames));
        const res = await http.get(`${server.url}/`);
        const kind = res.error?.kind ?? `status ${res.status}`;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
    });
    const settled = [...kinds.values()].reduce((a, b) => a + b, 0);
    assert.equal(settled, 300);
    assert.ok((kinds.get('protocol') ?? 0) > 0, JSON.stringify([...kinds]));
  });
});
