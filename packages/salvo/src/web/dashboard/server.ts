import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SalvoError } from '../../errors.ts';
import type { Output, RunControl } from '../../outputs/index.ts';
import { prometheusExposition } from '../../outputs/prometheus/index.ts';
import type { RunData, RunMeta } from '../../results/index.ts';
import type { LiveEnd } from '../contract.ts';
import { renderPage } from '../page/index.ts';
import { allowedHosts, hostAllowed, hostPort, stopRefusal } from './guard.ts';
import { LiveDocumentBuilder } from './live-document.ts';
import { SseHub, sseEvent } from './sse-hub.ts';

/**
 * The live dashboard: a node:http server on the run's own event loop (no framework: four
 * routes) and the output that feeds it. `GET /` the page, `GET /events` the run over
 * server-sent events (web/contract.ts), `GET /metrics` the run in Prometheus text format,
 * `POST /stop` the stop button (guard.ts). docs/dashboard.md.
 */

export interface DashboardOptions {
  /** Default 0: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1: only this machine. */
  readonly host?: string;
  /** Default 15 s. */
  readonly heartbeatMs?: number;
  /** Unread bytes a browser may fall behind by (beyond its largest message) before it is dropped; default 8 MiB. */
  readonly maxBacklogBytes?: number;
}

export interface Dashboard {
  /** The page's address, e.g. `http://127.0.0.1:5665/`. */
  readonly url: string;
  /** Give it to the run (`startTest({ outputs })`): it feeds the page and takes its stop button. */
  readonly output: Output;
  /** Whether the run's end has been sent: the final document is what the page shows now. */
  readonly ended: boolean;
  /** A stop began that the page did not ask for (Ctrl-C, abortOnFail): the page says so. */
  stopping(): void;
  /** Ends every event stream and stops listening. */
  close(): Promise<void>;
}

const PATHS = { page: '/', events: '/events', stop: '/stop', metrics: '/metrics' } as const;

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // no other page may frame it (a click tricked onto the stop button); data from this origin only
  'content-security-policy':
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

/**
 * Starts listening and returns the dashboard; hand `output` to the run. Fails with
 * SALVO_ERR_OUTPUT when the address cannot be bound (a port in use).
 *
 * @example
 * const dashboard = await startDashboard({ port: 0 });
 * const running = await startTest({ ...settings, outputs: [...outputs, dashboard.output] });
 * await running.done;
 * await dashboard.close();
 */
export async function startDashboard(options: DashboardOptions = {}): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  const stopToken = randomBytes(24).toString('base64url');
  const page = renderPage({ mode: 'live', eventsPath: PATHS.events, stopPath: PATHS.stop, stopToken });
  const hub = new SseHub({
    heartbeatMs: options.heartbeatMs ?? 15_000,
    maxBacklogBytes: options.maxBacklogBytes ?? 8 * 1024 * 1024,
  });

  let meta: RunMeta | undefined;
  let builder: LiveDocumentBuilder | undefined;
  let run: RunData | undefined;
  let elapsedMs = 0;
  let tickQueued = false;
  let control: RunControl | undefined;
  let snapshotCache: string | undefined;
  let endMessage: string | undefined;

  /** What a browser gets first: the end once there is one, else everything so far. */
  const firstMessage = (): string | undefined => {
    if (endMessage !== undefined) return endMessage;
    const snapshot = builder?.snapshot();
    if (snapshot === undefined) return undefined;
    snapshotCache ??= sseEvent('snapshot', snapshot);
    return snapshotCache;
  };

  // after the coordinator's whole interval callback: its thresholds call comes after interval
  const sendTick = () => {
    tickQueued = false;
    if (builder === undefined || run === undefined || endMessage !== undefined) return;
    const tick = builder.tick(run, elapsedMs);
    snapshotCache = undefined;
    hub.broadcast(sseEvent('tick', tick), firstMessage);
  };

  const output: Output = {
    name: 'dashboard',
    start(runMeta) {
      meta = runMeta;
      builder = new LiveDocumentBuilder(runMeta);
    },
    interval(view) {
      run = view.run;
      elapsedMs = view.elapsedMs;
      if (tickQueued) return;
      tickQueued = true;
      queueMicrotask(sendTick);
    },
    thresholds(states) {
      builder?.thresholds(states);
    },
    control(runControl) {
      control = runControl;
    },
    end(results) {
      const end: LiveEnd = { type: 'end', doc: results };
      endMessage = sseEvent('end', end);
      hub.broadcast(endMessage, firstMessage);
    },
  };

  const stop = (req: IncomingMessage, res: ServerResponse) => {
    const refusal = stopRefusal(req.headers, stopToken);
    if (refusal !== undefined) return answer(res, 403, `stop refused: ${refusal}`);
    if (endMessage !== undefined) return answer(res, 409, 'the run has ended');
    if (control === undefined) return answer(res, 409, 'the run has not started yet');
    control.stop('graceful', 'stopped from the dashboard');
    builder?.stopping();
    answer(res, 202, 'stopping');
  };

  let allowed: ReturnType<typeof allowedHosts> = new Set();
  const server = createServer((req, res) => {
    if (!hostAllowed(req.headers, allowed))
      return answer(res, 403, `Host ${req.headers.host ?? '(none)'} is not this dashboard's`);
    const path = (req.url ?? '/').split('?', 1)[0];
    const method = req.method ?? 'GET';
    const reading = method === 'GET' || method === 'HEAD';
    if (path === PATHS.stop) return method === 'POST' ? stop(req, res) : notAllowed(res, 'POST');
    if (!reading && (path === PATHS.page || path === PATHS.events || path === PATHS.metrics))
      return notAllowed(res, 'GET, HEAD');
    if (path === PATHS.page) {
      res.writeHead(200, PAGE_HEADERS);
      res.end(method === 'HEAD' ? undefined : page);
    } else if (path === PATHS.events) {
      if (method !== 'GET') return notAllowed(res, 'GET');
      res.on('error', () => res.destroy());
      hub.add(res, firstMessage());
    } else if (path === PATHS.metrics) {
      // before the first second has merged there is nothing to expose yet
      const text = run && meta ? prometheusExposition(run, meta) : '';
      res.writeHead(200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(method === 'HEAD' ? undefined : text);
    } else answer(res, 404, 'not found');
  });
  const port = await listen(server, host, options.port ?? 0);
  allowed = allowedHosts(host, port);
  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;

  return {
    url: `http://${hostPort(shownHost, port)}/`,
    output,
    get ended() {
      return endMessage !== undefined;
    },
    stopping: () => builder?.stopping(),
    close: () =>
      new Promise<void>((resolve) => {
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new SalvoError(
          'SALVO_ERR_OUTPUT',
          `the dashboard cannot listen on ${hostPort(host, port)} (${error.code ?? error.message})`,
          error.code === 'EADDRINUSE'
            ? 'another process has that port: pick another, or 0 for a free one'
            : undefined,
        ),
      ),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function answer(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${text}\n`);
}

function notAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  answer(res, 405, 'method not allowed');
}
