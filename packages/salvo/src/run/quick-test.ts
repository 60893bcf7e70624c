import type { TestDefinition, VUFunction } from '../plan/types.ts';

/** `salvo run --url ...`: a test built from flags, as autocannon or hey take them. */
export interface QuickTestOptions {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /** `--body` text or `--body-file` bytes. */
  readonly body: string | Uint8Array | undefined;
  readonly vus: number;
  readonly duration: string | undefined;
  /** Requests in all (a multiple of `pipelining`). */
  readonly iterations: number | undefined;
  /** Requests per second: an open-model run with `vus` pre-allocated, up to `maxVUs`. */
  readonly rate: number | undefined;
  readonly maxVUs: number | undefined;
  readonly transport: 'auto' | 'lean' | 'undici';
  readonly insecureSkipTLSVerify: boolean;
  /**
   * `-p N`, autocannon's pipelining: each iteration sends N requests at once on the VU's one
   * connection, written back to back (so `-n` and `-R` count them N to an iteration).
   */
  readonly pipelining?: number;
}

export function quickTest(options: QuickTestOptions): TestDefinition {
  const { url, method, body, headers } = options;
  const params = Object.keys(headers).length > 0 ? { headers, discardBody: true } : { discardBody: true };
  const pipelining = options.pipelining ?? 1;
  // The request's promise is the iteration's: no async wrapper (one promise less per request).
  const exec: VUFunction =
    pipelining === 1
      ? (vu) => vu.http.request(method, url, body, params)
      : (vu) =>
          Promise.all(Array.from({ length: pipelining }, () => vu.http.request(method, url, body, params)));
  const definition: TestDefinition = {
    exec,
    http: {
      transport: options.transport,
      insecureSkipTLSVerify: options.insecureSkipTLSVerify,
      // one connection a VU (-c connections), however many connections a VU may open by default
      ...(pipelining === 1 ? {} : { pipelining, maxConnectionsPerOrigin: 1 }),
    },
  };
  const duration = options.duration ?? (options.iterations === undefined ? '10s' : undefined);
  if (options.rate !== undefined) {
    return {
      ...definition,
      exec: undefined,
      scenarios: {
        default: {
          executor: 'constant-arrival-rate',
          rate: options.rate / pipelining,
          duration: duration ?? '10s',
          preAllocatedVUs: options.vus,
          maxVUs: Math.max(options.vus, options.maxVUs ?? options.vus * 10),
          exec,
        },
      },
    };
  }
  const iterations = options.iterations === undefined ? undefined : options.iterations / pipelining;
  return { ...definition, vus: options.vus, duration, iterations };
}
