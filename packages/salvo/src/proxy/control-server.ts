import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SalvoError } from '../errors.ts';
import { nodeHttp } from '../http/node-http.ts';
import { isoTime } from '../iso-time.ts';
import { normalizeFaults } from './normalize-faults.ts';
import type { FaultProxy } from './proxy-server.ts';

const MAX_BODY_BYTES = 1024 * 1024;
/** Log entries GET /faults shows (GET /faults/log has every one kept). */
const SHOWN_LOG_ENTRIES = 200;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export interface ControlServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The proxy's control port, on loopback only: `GET /faults` shows the faults in force with
 * their counts and the log of connection faults; `PUT /faults` replaces them (a JSON list,
 * or `{ "faults": [...] }`), acting on the next request or connection; `GET /faults/log?after=SEQ`
 * answers the log entries after SEQ with the proxy's clock, for a run that matches its
 * failures by them (`salvo run --faults-from`).
 */
export async function listenControl(proxy: FaultProxy, port: number): Promise<ControlServer> {
  const server = nodeHttp.createServer((req, res) => {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return reply(res, 403, { error: 'loopback only' });
    if (req.url?.startsWith('/faults/log') === true && req.method === 'GET') return logReply(proxy, req, res);
    if (req.url !== '/faults')
      return reply(res, 404, { error: 'see GET /faults, PUT /faults and GET /faults/log?after=SEQ' });
    if (req.method === 'GET') return reply(res, 200, faultState(proxy));
    if (req.method === 'PUT') return void replaceFaults(proxy, req, res);
    res.setHeader('allow', 'GET, PUT');
    reply(res, 405, { error: 'GET or PUT' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What GET /faults answers: the faults in force with their counts, totals, and the log. */
export function faultState(proxy: FaultProxy) {
  const table = proxy.table;
  return {
    target: proxy.target.origin,
    listen: `${proxy.host}:${proxy.port}`,
    startedAt: isoTime(table.startMs),
    elapsedMs: Date.now() - table.startMs,
    connections: table.connections,
    requests: table.requests,
    faults: table.faults.map((fault) => ({
      ...fault.input,
      name: fault.name,
      active: table.holds(fault),
      ...table.countsOf(fault),
    })),
    injectedByKind: Object.fromEntries(table.totals),
    log: table.log.slice(-SHOWN_LOG_ENTRIES),
  };
}

/**
 * `GET /faults/log?after=SEQ`: `{ now, lastSeq, missed, entries }`. `now` is the proxy's
 * clock as it answers: every injection up to then is in `entries` (the proxy logs before it
 * acts), which is what lets a reader decide a failure is not in the log. `missed`: entries
 * after SEQ no longer kept.
 */
function logReply(proxy: FaultProxy, req: IncomingMessage, res: ServerResponse): void {
  const after = Number(new URL(req.url ?? '', 'http://x').searchParams.get('after') ?? '0');
  if (!Number.isInteger(after) || after < 0) {
    reply(res, 400, { error: 'after: a log sequence number' });
    return;
  }
  const now = Date.now();
  res
    .writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
    .end(JSON.stringify({ now, ...proxy.table.logAfter(after) }));
}

async function replaceFaults(proxy: FaultProxy, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const parsed: unknown = JSON.parse(await readBody(req));
    const list = Array.isArray(parsed) ? parsed : (parsed as { faults?: unknown } | null)?.faults;
    proxy.table.set(normalizeFaults(list, 'faults'));
    reply(res, 200, faultState(proxy));
  } catch (error) {
    const message =
      error instanceof SalvoError
        ? error.problems.map((problem) => problem.message).join('; ')
        : `not JSON: ${(error as Error).message}`;
    reply(res, 400, { error: message });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('body over 1 MiB'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(text);
}
