import type { TestDefinition, VUFunction } from '../plan/types.ts';

/** `salvo run --url ...`: a test built from flags, as autocannon or hey take them. */
export interface QuickTestOptions {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly vus: number;
  readonly duration: string | undefined;
  readonly iterations: number | undefined;
  /** Requests per second: an open-model run with `vus` pre-allocated, up to `maxVUs`. */
  readonly rate: number | undefined;
  readonly maxVUs: number | undefined;
  readonly transport: 'auto' | 'lean' | 'undici';
  readonly insecureSkipTLSVerify: boolean;
}

export function quickTest(options: QuickTestOptions): TestDefinition {
  const { url, method, body, headers } = options;
  const params = Object.keys(headers).length > 0 ? { headers, discardBody: true } : { discardBody: true };
  // The request's promise is the iteration's: no async wrapper (one promise less per request).
  const exec: VUFunction = (vu) => vu.http.request(method, url, body, params);
  const definition: TestDefinition = {
    exec,
    http: { transport: options.transport, insecureSkipTLSVerify: options.insecureSkipTLSVerify },
  };
  const duration = options.duration ?? (options.iterations === undefined ? '10s' : undefined);
  if (options.rate !== undefined) {
    return {
      ...definition,
      exec: undefined,
      scenarios: {
        default: {
          executor: 'constant-arrival-rate',
          rate: options.rate,
          duration: duration ?? '10s',
          preAllocatedVUs: options.vus,
          maxVUs: Math.max(options.vus, options.maxVUs ?? options.vus * 10),
          exec,
        },
      },
    };
  }
  return { ...definition, vus: options.vus, duration, iterations: options.iterations };
}
