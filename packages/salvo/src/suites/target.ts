import type { PlanOverrides, PlanSource } from '../run/load-plan.ts';
import type { QuickTestOptions } from '../run/quick-test.ts';

/** One `--url` request a suite sends (method, headers and body as `salvo run --url` takes them). */
export interface UrlRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

/** HTTP settings every step of a suite shares. */
export interface StepHttp {
  readonly transport: 'auto' | 'lean' | 'undici';
  readonly insecureSkipTLSVerify: boolean;
  /** Whole-request timeout, e.g. '30s'. */
  readonly timeout: string | undefined;
}

/** What a suite loads: `--url` requests, or a test file's behaviour (a test without `scenarios`). */
export type SuiteTarget =
  | { readonly kind: 'urls'; readonly requests: readonly UrlRequest[] }
  | { readonly kind: 'file'; readonly path: string; readonly env?: Readonly<Record<string, string>> };

/** The load's shape for one step: N VUs (closed model) or N requests a second (open model). */
export interface StepShape {
  readonly model: 'closed' | 'open';
  readonly level: number;
  readonly durationMs: number;
}

/** VUs an open-model step may grow to, as a share of its rate: a second's worth at 10x the rate. */
const OPEN_MAX_VUS_PER_RPS = 10;

/** The engine's plan source for one step of a `--url` request. */
export function urlStepSource(request: UrlRequest, shape: StepShape, http: StepHttp): PlanSource {
  const vus = Math.max(1, Math.ceil(shape.level));
  const options: QuickTestOptions = {
    url: request.url,
    method: request.method,
    headers: request.headers,
    body: request.body,
    vus,
    duration: `${shape.durationMs}ms`,
    iterations: undefined,
    rate: shape.model === 'open' ? shape.level : undefined,
    maxVUs: shape.model === 'open' ? vus * OPEN_MAX_VUS_PER_RPS : undefined,
    transport: http.transport,
    insecureSkipTLSVerify: http.insecureSkipTLSVerify,
  };
  return { kind: 'quick', options, overrides: httpOverrides(http) };
}

/** The engine's plan source for one step of a test file: its shorthand behaviour at this shape. */
export function fileStepSource(
  path: string,
  shape: StepShape,
  http: StepHttp,
  extra: PlanOverrides = {},
): PlanSource {
  const vus = Math.max(1, Math.ceil(shape.level));
  const load: PlanOverrides =
    shape.model === 'open'
      ? { rate: shape.level, vus, maxVUs: vus * OPEN_MAX_VUS_PER_RPS, duration: `${shape.durationMs}ms` }
      : { vus, duration: `${shape.durationMs}ms` };
  return { kind: 'file', path, overrides: { ...httpOverrides(http), ...extra, ...load } };
}

function httpOverrides(http: StepHttp): PlanOverrides {
  return {
    ...(http.timeout === undefined ? {} : { timeout: http.timeout }),
    ...(http.transport === 'auto' ? {} : { transport: http.transport }),
    ...(http.insecureSkipTLSVerify ? { insecureSkipTLSVerify: true } : {}),
  };
}

/** How a `--url` request is named in lines and charts: `GET /path` (the host when several differ). */
export function requestLabel(request: UrlRequest): string {
  const url = new URL(request.url);
  return `${request.method} ${url.pathname}${url.search}`;
}
