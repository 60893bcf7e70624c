/**
 * CPU per request, layer by layer, in one process: a bare socket loop (the floor Node sets),
 * the same loop writing in bursts, the lean transport alone, and the VU client with full
 * metrics (with and without a tag and a kept body). The layers run in turns of one second
 * each, round after round, so the machine's swings hit them all alike: on a shared VM the
 * differences between layers hold where separate runs a minute apart do not.
 *
 * nginx runs on CPU 0 and this process on CPU 1, 50 connections each layer.
 * Run: node_modules/.bin/node bench/layers.ts [--rounds 10] [--vus 50]
 */
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { parseArgs } from 'node:util';
import { RequestSeriesCache } from '../packages/salvo/src/http/client-metrics.ts';
import { createLeanTransport } from '../packages/salvo/src/http/lean/index.ts';
import { sendAsPromise } from '../packages/salvo/src/http/transport-promise.ts';
import type { Transport, TransportRequest } from '../packages/salvo/src/http/types.ts';
import { createRecorder } from '../packages/salvo/src/metrics/recorder.ts';
import { normalizeHttp } from '../packages/salvo/src/plan/normalize-http.ts';
import { createVuHttp } from '../packages/salvo/src/run/http-factory.ts';
import type { VuHttpClient } from '../packages/salvo/src/run/vu.ts';
import { startNginx } from './lib/nginx.ts';

const SLICE_MS = 1000;
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '10' },
    vus: { type: 'string', default: '50' },
    origin: { type: 'string' },
  },
});
const rounds = Number(args.rounds);
const vus = Number(args.vus);

type Layer = (until: number) => Promise<number>;

/** The floor: raw sockets, a fixed request, responses counted by their known length. */
function bareLoop(origin: URL, responseBytes: number, burst: boolean): Layer {
  const request = Buffer.from(`GET / HTTP/1.1\r\nHost: ${origin.host}\r\nX-Load-Test: salvo\r\n\r\n`);
  const readBuffer = Buffer.allocUnsafe(64 * 1024);
  return (until) =>
    new Promise((resolve) => {
      let done = 0;
      let open = vus;
      const waiting: net.Socket[] = [];
      const flush = (): void => {
        for (const socket of waiting) socket.write(request);
        waiting.length = 0;
      };
      const next = (socket: net.Socket): void => {
        if (!burst) socket.write(request);
        else if (waiting.push(socket) === 1) setImmediate(flush);
      };
      for (let i = 0; i < vus; i++) {
        let pending = 0;
        const socket = net.connect({
          host: origin.hostname,
          port: Number(origin.port),
          onread: {
            buffer: readBuffer,
            callback: (bytes: number): boolean => {
              pending += bytes;
              for (; pending >= responseBytes; pending -= responseBytes) {
                done++;
                if (performance.now() < until) next(socket);
                else {
                  socket.destroy();
                  if (--open === 0) resolve(done);
                }
              }
              return true;
            },
          },
        });
        socket.setNoDelay(true);
        socket.on('connect', () => socket.write(request));
      }
    });
}

/** The lean transport alone: one per VU, awaited in a loop, as the client uses it. */
function transportLoop(origin: URL): Layer {
  const req: TransportRequest = {
    method: 'GET',
    url: new URL('/', origin),
    headers: ['X-Load-Test', 'salvo'],
    body: undefined,
    timeouts: { connectMs: 5000, headersMs: 10_000, bodyMs: 10_000, requestMs: 30_000 },
    discardBody: true,
    onChunk: undefined,
  };
  const transports: Transport[] = Array.from({ length: vus }, () =>
    createLeanTransport({
      tls: { insecureSkipVerify: false },
      maxConnectionsPerOrigin: 1,
      pipelining: 1,
      http2: false,
    }),
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
function clientLoop(origin: URL, tagged: boolean): Layer {
  const recorder = createRecorder('layers');
  const baseTags = { scenario: 'layers' };
  const requestSeries = new RequestSeriesCache(recorder, baseTags);
  const defaults = normalizeHttp({ transport: 'lean' });
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
          if (tagged) await http.get(url, { tags: { kind: 'static' } });
          else await http.get(url, { discardBody: true });
          // the runner's one snapshot a second
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

async function responseLength(origin: URL): Promise<number> {
  const request = `GET / HTTP/1.1\r\nHost: ${origin.host}\r\nX-Load-Test: salvo\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(origin.port), origin.hostname, () => socket.write(request));
    let bytes = 0;
    socket.on('data', (chunk) => {
      bytes += chunk.length;
      setTimeout(() => {
        socket.destroy();
        resolve(bytes);
      }, 50);
    });
    socket.on('error', reject);
  });
}

async function measure(originText: string): Promise<void> {
  const origin = new URL(originText);
  const responseBytes = await responseLength(origin);
  const layers: Array<[string, Layer]> = [
    ['bare socket loop', bareLoop(origin, responseBytes, false)],
    ['bare, writes in bursts', bareLoop(origin, responseBytes, true)],
    ['lean transport', transportLoop(origin)],
    ['client, full metrics', clientLoop(origin, false)],
    ['client, tag, body kept', clientLoop(origin, true)],
  ];
  const totals = layers.map(() => ({ requests: 0, cpuSeconds: 0 }));
  // round 0 warms up the JIT and opens the connections; it is not counted
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
  console.log(`| layer | requests | µs CPU a request | ÷ bare loop |\n|---|---:|---:|---:|`);
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
  const nginx = await startNginx({ core: 0, workerConnections: 4096, nofile: 8192 });
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
        nginx.origin,
        '--rounds',
        String(rounds),
        '--vus',
        String(vus),
      ],
      { stdio: 'inherit' },
    );
    await new Promise((resolve) => child.on('exit', resolve));
  } finally {
    await nginx.stop();
  }
}
