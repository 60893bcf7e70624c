/**
 * The lean transport's hot path beside autocannon on the same server in the same run:
 * N VU loops each awaiting `transport.request()` for one request shape, with 7 HDR
 * histogram `record` calls per request (what full per-request metrics cost). The server is
 * nginx (pinned to CPU 0) when installed, else a raw node:net server; each generator runs
 * alone in its own process pinned to CPU 1.
 *
 * Run: node_modules/.bin/node bench/probe-transport.ts [--vus 50] [--seconds 5] [--server net]
 *      [--runs 2] [--cpu-prof DIR]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLeanTransport } from '../packages/salvo/src/http/lean/index.ts';
import type { TransportRequest } from '../packages/salvo/src/http/types.ts';
import { BucketCounts } from '../packages/salvo/src/metrics/bucket-counts.ts';

const RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
const HISTOGRAMS = 7;

const { values: args } = parseArgs({
  options: {
    vus: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '5' },
    server: { type: 'string', default: 'auto' },
    runs: { type: 'string', default: '2' },
    'cpu-prof': { type: 'string' },
    worker: { type: 'string' },
  },
});

async function probe(url: string, vus: number, seconds: number): Promise<void> {
  const histograms = Array.from({ length: HISTOGRAMS }, () => new BucketCounts());
  const req: TransportRequest = {
    method: 'GET',
    url: new URL(url),
    headers: ['User-Agent', 'salvo-probe', 'X-Load-Test', 'salvo'],
    body: undefined,
    timeouts: { connectMs: 5000, headersMs: 10_000, bodyMs: 10_000, requestMs: 30_000 },
    discardBody: true,
  };
  const endMs = performance.now() + seconds * 1000;
  let requests = 0;
  let errors = 0;
  const loop = async (): Promise<void> => {
    const transport = createLeanTransport({
      tls: { insecureSkipVerify: false },
      maxConnectionsPerOrigin: 1,
      pipelining: 1,
      http2: false,
    });
    while (performance.now() < endMs) {
      const r = await transport.request(req);
      const t = r.timings;
      const us = (ms: number): number => Math.max(1, Math.round(ms * 1000));
      histograms[0]?.record(us(t.durationMs));
      histograms[1]?.record(us(t.waitingMs));
      histograms[2]?.record(us(t.sendingMs));
      histograms[3]?.record(us(t.receivingMs));
      histograms[4]?.record(us(t.blockedMs));
      histograms[5]?.record(us(t.connectingMs));
      histograms[6]?.record(us(t.tlsHandshakingMs));
      if (r.error !== undefined || r.status !== 200) errors++;
      requests++;
    }
    await transport.close();
  };
  const startMs = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: vus }, loop));
  const cpu = process.cpuUsage(cpu0);
  const elapsedS = (performance.now() - startMs) / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const maxRssKiB = process.resourceUsage().maxRSS;
  const out = { requests, errors, reqPerSec: requests / elapsedS, cpuSeconds, maxRssKiB };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function startNetServer(): Promise<{ url: string; stop: () => void }> {
  // A tiny answerer in a child process (pinned to CPU 0): it answers each request head.
  const code = `
    const net = require('node:net');
    const res = Buffer.from(${JSON.stringify(RESPONSE)});
    const server = net.createServer((s) => {
      s.setNoDelay(true);
      let tail = '';
      s.on('data', (d) => {
        const text = tail + d.toString('latin1');
        let n = 0, i = -1;
        while ((i = text.indexOf('\\r\\n\\r\\n', i + 1)) !== -1) n++;
        tail = text.slice(text.lastIndexOf('\\r\\n\\r\\n') + 4);
        if (n > 0) s.write(n === 1 ? res : Buffer.concat(Array(n).fill(res)));
      });
      s.on('error', () => {});
    });
    server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));`;
  const child = spawn('taskset', ['-c', '0', process.execPath, '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) => {
    child.stdout?.once('data', (d: Buffer) => {
      resolve({ url: `http://127.0.0.1:${d.toString().trim()}/`, stop: () => child.kill() });
    });
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startNginx(): Promise<{ url: string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'salvo-probe-nginx-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off; master_process off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 10000000; keepalive_timeout 120s; default_type text/plain;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server { listen 127.0.0.1:${port}; location / { return 200 'ok'; } } }\n`,
  );
  const child = spawn('taskset', ['-c', '0', 'nginx', '-p', dir, '-c', join(dir, 'nginx.conf')], {
    stdio: 'inherit',
  });
  await waitForPort(port);
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(true)).on('error', () => resolve(false));
      s.on('connect', () => s.destroy());
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on port ${port}`);
}

interface GeneratorRun {
  requests: number;
  errors: number;
  reqPerSec: number;
  /** User + system CPU seconds spent during the measured window only (no startup). */
  cpuSeconds: number;
  /** Peak resident memory of the generator process. */
  maxRssKiB: number;
}

// autocannon through its programmatic API, so its CPU is measured over the same window.
const AUTOCANNON_CHILD = `
  const autocannon = require('autocannon');
  const [url, connections, duration] = process.argv.slice(1);
  const cpu0 = process.cpuUsage();
  autocannon({ url, connections: Number(connections), duration: Number(duration) }, (err, r) => {
    if (err) throw err;
    const cpu = process.cpuUsage(cpu0);
    const errors = r.errors + r.timeouts + r.non2xx;
    const out = { requests: r.requests.total, errors, reqPerSec: r.requests.total / r.duration,
      cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssKiB: process.resourceUsage().maxRSS };
    process.stdout.write(JSON.stringify(out) + '\\n');
  });`;

function runChild(commandArgs: string[]): Promise<GeneratorRun> {
  const child: ChildProcess = spawn('taskset', ['-c', '1', process.execPath, ...commandArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(stdout) as GeneratorRun);
      else reject(new Error(`generator exited with ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const vus = Number(args.vus);
  const seconds = Number(args.seconds);
  if (args.worker !== undefined) return probe(args.worker, vus, seconds);
  const useNginx = args.server === 'nginx' || (args.server === 'auto' && hasNginx());
  const server = useNginx ? await startNginx() : await startNetServer();
  const cpuProf = args['cpu-prof'] === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', args['cpu-prof']];
  try {
    console.log(
      `server: ${useNginx ? 'nginx (CPU 0)' : 'node:net (CPU 0)'}, ${vus} connections, ${seconds} s`,
    );
    const rpsRatios: number[] = [];
    const cpuRatios: number[] = [];
    for (let run = 1; run <= Number(args.runs); run++) {
      const ac = await runChild(['-e', AUTOCANNON_CHILD, server.url, `${vus}`, `${seconds}`]);
      const workerArgs = ['--worker', server.url, '--vus', `${vus}`, '--seconds', `${seconds}`];
      const lean = await runChild([...cpuProf, import.meta.filename, ...workerArgs]);
      const perCpu = (g: GeneratorRun): number => g.requests / g.cpuSeconds;
      const line = (g: GeneratorRun): string =>
        `${Math.round(g.reqPerSec)} req/s, ${Math.round(perCpu(g))} req/CPU-s, ` +
        `${Math.round(g.maxRssKiB / 1024)} MiB peak RSS, ${g.errors} errors`;
      rpsRatios.push(lean.reqPerSec / ac.reqPerSec);
      cpuRatios.push(perCpu(lean) / perCpu(ac));
      console.log(`run ${run}: autocannon ${line(ac)}; lean ${line(lean)}`);
    }
    const median = (xs: number[]): string => {
      const sorted = [...xs].sort((a, b) => a - b);
      return (sorted[Math.floor(sorted.length / 2)] as number).toFixed(2);
    };
    console.log(
      `lean/autocannon, median of ${rpsRatios.length}: ${median(rpsRatios)}x req/s, ${median(cpuRatios)}x req per CPU-second`,
    );
  } finally {
    server.stop();
  }
}

function hasNginx(): boolean {
  try {
    execFileSync('nginx', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

await main();
