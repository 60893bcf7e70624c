import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import type { KnownServerSpec } from './known-servers.ts';

/**
 * The servers of known-servers.ts, in a worker thread of their own so the load generator
 * (in the test's thread) does not share their event loop. Their behaviour is set by
 * construction; the tests check that the suites find it.
 */
const spec = workerData as KnownServerSpec;

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** Service time grows with the requests in flight as the USL says: s(n) = s·(1 + σ(n−1) + κn(n−1)). */
function uslHandler({ serviceMs, sigma, kappa }: Extract<KnownServerSpec, { kind: 'usl' }>): Handler {
  let inFlight = 0;
  return (_req, res) => {
    const n = ++inFlight;
    setTimeout(
      () => {
        inFlight--;
        res.end('ok');
      },
      serviceMs * (1 + sigma * (n - 1) + kappa * n * (n - 1)),
    );
  };
}

/** `slots` requests served at once, each for `serviceMs`; the rest wait in line (FIFO). */
function slotsHandler({ slots, serviceMs }: Extract<KnownServerSpec, { kind: 'slots' }>): Handler {
  let busy = 0;
  const waiting: (() => void)[] = [];
  const serve = (res: ServerResponse) => {
    busy++;
    setTimeout(() => {
      res.end('ok');
      busy--;
      waiting.shift()?.();
    }, serviceMs);
  };
  return (_req, res) => {
    if (busy < slots) serve(res);
    else waiting.push(() => serve(res));
  };
}

/**
 * A cache in front of slow work: the first request for a key (`?key=` or the JSON body's
 * `title`) takes `coldMs`, later ones `warmMs`; a key starting with `fail` fails its first
 * request (500) and is not cached. /metrics counts hits and misses as the instrument does.
 */
function cacheHandler({ coldMs, warmMs }: Extract<KnownServerSpec, { kind: 'cache' }>): Handler {
  const cached = new Set<string>();
  let hits = 0;
  let misses = 0;
  return (req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/metrics') {
      res.end(
        `# TYPE cache_hits_total counter\ncache_hits_total{cache="drafts"} ${hits}\n` +
          `# TYPE cache_misses_total counter\ncache_misses_total{cache="drafts"} ${misses}\n`,
      );
      return;
    }
    const key = url.searchParams.get('key') ?? (body ? (JSON.parse(body) as { title: string }).title : '');
    if (cached.has(key)) {
      hits++;
      setTimeout(() => res.end(`warm ${key}`), warmMs);
      return;
    }
    misses++;
    setTimeout(() => {
      if (key.startsWith('fail')) {
        res.statusCode = 500;
        res.end('cold request failed');
        return;
      }
      cached.add(key);
      res.end(`cold ${key}`);
    }, coldMs);
  };
}

/** Fast while the last second's arrivals stay at or under `limitRps`, slow above it. */
function rateHandler({ limitRps, fastMs, slowMs }: Extract<KnownServerSpec, { kind: 'rate' }>): Handler {
  const arrivals: number[] = [];
  return (_req, res) => {
    const now = performance.now();
    arrivals.push(now);
    while (arrivals.length > 0 && arrivals[0]! <= now - 1000) arrivals.shift();
    setTimeout(() => res.end('ok'), arrivals.length > limitRps ? slowMs : fastMs);
  };
}

const handlers = { usl: uslHandler, slots: slotsHandler, cache: cacheHandler, rate: rateHandler };
const handle = (handlers[spec.kind] as (s: KnownServerSpec) => Handler)(spec);
const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => handle(req, res, Buffer.concat(chunks).toString()));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  parentPort!.postMessage(typeof address === 'object' && address ? address.port : 0);
});
parentPort!.on('message', () => {
  server.closeAllConnections();
  server.close(() => parentPort!.close());
});
