import { createRecorder } from '../../metrics/index.ts';
import type { IntervalSnapshot } from '../../metrics/types.ts';
import type { HttpDefaults } from '../../plan/types.ts';
import { createHttpClient, type VuHttpClient } from '../client.ts';
import { createLeanTransport } from '../lean/index.ts';
import type { Transport, TransportOptions } from '../types.ts';
import { createUndiciTransport } from '../undici/index.ts';
import { testClientContext } from './client-context.ts';

/** Every transport the contract suite runs against. */
export const CONTRACT_TRANSPORTS: readonly {
  name: 'lean' | 'undici';
  create: (o: TransportOptions) => Transport;
}[] = [
  { name: 'undici', create: createUndiciTransport },
  { name: 'lean', create: createLeanTransport },
];

export interface ClientUnderTest {
  readonly http: VuHttpClient;
  /** Everything recorded so far (each call starts a new interval). */
  snapshot(): IntervalSnapshot;
}

/** Runs `body` with a client forced onto `transport`, closing the client and recorder after. */
export async function withClient(
  transport: (typeof CONTRACT_TRANSPORTS)[number],
  overrides: Partial<HttpDefaults>,
  body: (c: ClientUnderTest) => Promise<void>,
  extra: { signal?: AbortSignal; iterationLagMs?: () => number | undefined } = {},
): Promise<void> {
  const recorder = createRecorder('contract');
  const ctx = testClientContext(recorder, { ...overrides, transport: transport.name }, extra);
  const http = createHttpClient(ctx, (options) =>
    transport.name === 'lean'
      ? { undici: createUndiciTransport(options), lean: transport.create(options) }
      : { undici: transport.create(options) },
  );
  try {
    await body({ http, snapshot: () => recorder.snapshot(0, 0, 1000) });
  } finally {
    await http.close();
  }
}
