import { createRecorder } from '../../metrics/index.ts';
import type { IntervalSnapshot } from '../../metrics/types.ts';
import type { HttpDefaults } from '../../plan/types.ts';
import { createHttpClient, type VuHttpClient } from '../client.ts';
import { createLeanTransport } from '../lean/index.ts';
import { createTransports } from '../transports.ts';
import type { Transport, TransportName, TransportOptions } from '../types.ts';
import { createUndiciTransport } from '../undici/index.ts';
import { testClientContext } from './client-context.ts';
import { startH2TestServer } from './h2-server.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/** A transport the contract suite runs against, with the server its routes run on. */
export interface ContractTransport {
  /** What `res.transport` says. */
  readonly name: TransportName;
  /** The name in test titles and keys (HTTP/2 runs over TLS and as h2c, on each HTTP/2 client). */
  readonly label: string;
  /** The contract's routes (test-server.ts) as this transport speaks to them. */
  startServer(): Promise<TestServer>;
  /** HTTP defaults the transport needs (HTTP/2 on, the test certificate trusted). */
  readonly defaults: Partial<HttpDefaults>;
  /** Made by the client's own factory (HTTP/2: `createTransports`), or forced through `create`. */
  readonly create?: (o: TransportOptions) => Transport;
}

/** Every transport the contract suite runs against. */
export const CONTRACT_TRANSPORTS: readonly ContractTransport[] = [
  {
    name: 'undici',
    label: 'undici',
    startServer: startTestServer,
    defaults: {},
    create: createUndiciTransport,
  },
  { name: 'lean', label: 'lean', startServer: startTestServer, defaults: {}, create: createLeanTransport },
  {
    name: 'h2',
    label: 'h2 (TLS)',
    startServer: () => startH2TestServer({ tls: true }),
    defaults: h2TlsDefaults(),
  },
  {
    name: 'h2',
    label: 'h2 (TLS, node:http2)',
    startServer: () => startH2TestServer({ tls: true }),
    defaults: { ...h2TlsDefaults(), http2Client: 'node' },
  },
  {
    name: 'h2',
    label: 'h2c',
    startServer: () => startH2TestServer({ tls: false }),
    defaults: { http2: 'h2c' },
  },
  {
    name: 'h2',
    label: 'h2c (node:http2)',
    startServer: () => startH2TestServer({ tls: false }),
    defaults: { http2: 'h2c', http2Client: 'node' },
  },
];

function h2TlsDefaults(): Partial<HttpDefaults> {
  return { http2: true, tls: { insecureSkipVerify: true } };
}

export interface ClientUnderTest {
  readonly http: VuHttpClient;
  /** Everything recorded so far (each call starts a new interval). */
  snapshot(): IntervalSnapshot;
}

/** Runs `body` with a client on `transport`, closing the client and recorder after. */
export async function withClient(
  transport: ContractTransport,
  overrides: Partial<HttpDefaults>,
  body: (c: ClientUnderTest) => Promise<void>,
  extra: { signal?: AbortSignal; iterationLagMs?: () => number | undefined } = {},
): Promise<void> {
  const recorder = createRecorder('contract');
  const create = transport.create;
  const defaults: Partial<HttpDefaults> =
    create === undefined
      ? { ...transport.defaults, ...overrides }
      : { ...transport.defaults, ...overrides, transport: transport.name as 'lean' | 'undici' };
  const ctx = testClientContext(recorder, defaults, extra);
  const http = createHttpClient(ctx, (options) => {
    if (create === undefined) return createTransports(options);
    return transport.name === 'lean'
      ? { undici: createUndiciTransport(options), lean: create(options) }
      : { undici: create(options) };
  });
  try {
    await body({ http, snapshot: () => recorder.snapshot(0, 0, 1000) });
  } finally {
    await http.close();
  }
}
