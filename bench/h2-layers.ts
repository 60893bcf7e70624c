/**
 * CPU per request over HTTP/2, layer by layer, in one process (as layers.ts does for
 * HTTP/1.1): a bare node:http2 loop (a session per VU, and one for all: the floors Node
 * sets), Salvo's h2 transport alone, and the VU client with full metrics, per-VU sessions
 * and one shared session; the last two on each HTTP/2 client (`http2Client`: the lean one,
 * Salvo's own framing and HPACK, and node:http2).
 * The layers run in interleaved one-second turns, so the machine's swings hit them alike.
 *
 * nginx (HTTP/2 over TLS, or h2c with --h2c) runs on CPU 0 and this process on CPU 1.
 * Run: node_modules/.bin/node bench/h2-layers.ts [--rounds 10] [--vus 50] [--h2c] [--only lean]
 * (`--only` keeps the layers whose name contains it: to profile one, add --cpu-prof.)
 */
import { spawn } from 'node:child_process';
import * as http2 from 'node:http2';
import { parseArgs } from 'node:util';
import { RequestSeriesCache } from '../packages/salvo/src/http/client-metrics.ts';
import { createH2Transport } from '../packages/salvo/src/http/h2/index.ts';
import { createLeanTransport } from '../packages/salvo/src/http/lean/index.ts';
import { sendAsPromise } from '../packages/salvo/src/http/transport-promise.ts';
import type { TransportOptions, TransportRequest } from '../packages/salvo/src/http/types.ts';
import { createRecorder } from '../packages/salvo/src/metrics/recorder.ts';
import { normalizeHttp } from '../packages/salvo/src/plan/normalize-http.ts';
import { createVuHttp } from '../packages/salvo/src/run/http-factory.ts';
import type { VuHttpClient } from '../packages/salvo/src/run/vu.ts';
import { startH2Nginx } from './lib/h2-nginx.ts';

const SLICE_MS = 1000;
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '10' },
    vus: { type: 'string', default: '50' },
    h2c: { type: 'boolean', default: false },
    origin: { type: 'string' },
    only: { type: 'string' },
  },
});
const rounds = Number(args.rounds);
const vus = Number(args.vus);

type Layer = (until: number) => Promise<number>;

/**
 * The floor: node:http2 itself, a request awaited at a time per VU, body dropped; one
 * session per VU, or one for all.
 */
function bareLoop(origin: URL, oneSession: boolean): Layer {
  const connect = () =>
    http2.connect(origin.origin, { rejectUnauthorized: false, settings: { enablePush: false } });
  const shared = oneSession ? connect() : undefined;
  const sessions = Array.from({ length: vus }, () => shared ?? connect());
  const headers = { ':path': '/', 'x-load-test': 'salvo' };
  const one = (session: http2.ClientHttp2Session) =>
    new Promise<void>((resolve) => {
      const stream = session.request(headers, { endStream: true });
      stream.on('data', () => {});
      stream.on('close', resolve);
    });
  return async (until) => {
    let done = 0;
    await Promise.all(
      sessions.map(async (session) => {
        for (; performance.now() < until; done++) await one(session);
      }),
    );
    return done;
  };
}

/** Salvo's h2 transport alone, one per VU, awaited in a loop, on either HTTP/2 client. */
function transportLoop(origin: URL, client: 'lean' | 'node'): Layer {
  const req: TransportRequest = {
    method: 'GET',
    url: new URL('/', origin),
    headers: ['X-Load-Test', 'salvo'],
    body: undefined,
    timeouts: { connectMs: 5000, headersMs: 10_000, bodyMs: 10_000, requestMs: 30_000 },
    discardBody: true,
    onChunk: undefined,
  };
  const options: TransportOptions = {
    tls: { insecureSkipVerify: true },
    maxConnectionsPerOrigin: 1,
    pipelining: 1,
    http2: 'h2c',
    http2Client: client,
  };
  const transports = Array.from({ length: vus }, () =>
    createH2Transport(options, createLeanTransport(options)),
  );
  return async (until) => {
    let done = 0;
    await Promise.all(
      transports.map(async (transport) => {
        for (; performance.now() < until; done++) await sendAsPromise(transport, req);
      }),
    );
    return done;
  };
}

/** VU clients with every per-request metric, as the engine makes them (one recorder). */
function clientLoop(origin: URL, shared: boolean, client: 'lean' | 'node'): Layer {
  const recorder = createRecorder('h2-layers');
  const baseTags = { scenario: 'layers' };
  const requestSeries = new RequestSeriesCache(recorder, baseTags);
  const defaults = normalizeHttp({
    http2: 'h2c',
    insecureSkipTLSVerify: true,
    http2Client: client,
    ...(shared ? { http2Sessions: 'shared', http2StreamsPerSession: vus } : {}),
  });
  const signal = new AbortController().signal;
  const clients: VuHttpClient[] = Array.from({ length: vus }, () =>
    createVuHttp({
      recorder,
      defaults,
      baseTags,
      requestSeries,
      iterationLagMs: () => undefined,
      signal,
      noteTransport: () => {},
    }),
  );
  const url = new URL('/', origin).href;
  let snapshotAt = performance.now() + 1000;
  let index = 0;
  return async (until) => {
    let done = 0;
    await Promise.all(
      clients.map(async (http) => {
        for (; performance.now() < until; done++) {
          await http.get(url, { tags: { kind: 'static' } });
          if (performance.now() >= snapshotAt) {
            snapshotAt += 1000;
            recorder.snapshot(index++, 0, 0);
          }
        }
      }),
    );
    return done;
  };
}

async function measure(originText: string): Promise<void> {
  const origin = new URL(originText);
  const all: Array<[string, () => Layer]> = [
    ['bare node:http2 loop, session per VU', () => bareLoop(origin, false)],
    ['bare node:http2 loop, one session', () => bareLoop(origin, true)],
    ['h2 transport, node:http2', () => transportLoop(origin, 'node')],
    ['h2 transport, lean', () => transportLoop(origin, 'lean')],
    ['client, full metrics, session per VU, node:http2', () => clientLoop(origin, false, 'node')],
    ['client, full metrics, session per VU, lean', () => clientLoop(origin, false, 'lean')],
    ['client, full metrics, one shared session, node:http2', () => clientLoop(origin, true, 'node')],
    ['client, full metrics, one shared session, lean', () => clientLoop(origin, true, 'lean')],
  ];
  // made only if kept: each opens its sessions when made
  const layers: Array<[string, Layer]> = all
    .filter(([name]) => args.only === undefined || name.includes(args.only))
    .map(([name, make]) => [name, make()]);
  const totals = layers.map(() => ({ requests: 0, cpuSeconds: 0 }));
  // round 0 warms up the JIT and opens the sessions; it is not counted
  for (let round = 0; round <= rounds; round++) {
    for (const [i, [, layer]] of layers.entries()) {
      const cpu0 = process.cpuUsage();
      const requests = await layer(performance.now() + SLICE_MS);
      const cpu = process.cpuUsage(cpu0);
      if (round === 0) continue;
      totals[i]!.requests += requests;
      totals[i]!.cpuSeconds += (cpu.user + cpu.system) / 1e6;
    }
  }
  const floor = (1e6 * totals[0]!.cpuSeconds) / totals[0]!.requests;
  console.log(
    `| layer (${origin.protocol === 'https:' ? 'TLS' : 'h2c'}) | requests | µs CPU a request | ÷ first row |\n|---|---:|---:|---:|`,
  );
  for (const [i, [name]] of layers.entries()) {
    const { requests, cpuSeconds } = totals[i]!;
    const micros = (1e6 * cpuSeconds) / requests;
    console.log(`| ${name} | ${requests} | ${micros.toFixed(2)} | ${(micros / floor).toFixed(2)} |`);
  }
  process.exit(0);
}

if (args.origin !== undefined) {
  await measure(args.origin);
} else {
  const nginx = await startH2Nginx({ core: 0, workerConnections: 4096, nofile: 8192 });
  try {
    const child = spawn(
      'taskset',
      [
        '-c',
        '1',
        process.execPath,
        ...process.execArgv,
        import.meta.filename,
        '--origin',
        args.h2c ? nginx.h2cOrigin : nginx.tlsOrigin,
        '--rounds',
        String(rounds),
        '--vus',
        String(vus),
        ...(args.only === undefined ? [] : ['--only', args.only]),
      ],
      { stdio: 'inherit' },
    );
    await new Promise((resolve) => child.on('exit', resolve));
  } finally {
    await nginx.stop();
  }
}
