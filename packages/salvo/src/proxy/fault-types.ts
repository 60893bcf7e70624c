import type { DurationInput } from '../plan/types.ts';

/** Every fault the proxy injects; the value of the `salvo-fault` header and the `fault` tag. */
export const FAULT_KINDS = [
  'latency',
  'bandwidth',
  'reset',
  'timeout',
  'http-error',
  'slow-first-byte',
  'truncate',
  'blackhole',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults decided once per connection, as it is accepted (no route: they act below HTTP). */
export const CONNECTION_KINDS: ReadonlySet<FaultKind> = new Set(['bandwidth', 'blackhole']);

/** How an added delay is spread: `fixed` (no jitter), `uniform` in ±jitter, `normal` with σ = jitter. */
export type Distribution = 'fixed' | 'uniform' | 'normal';

/** A fault as users write it: in a test's `faults`, in `--faults FILE`, or in `PUT /faults`. */
export interface FaultInput {
  /** What it does (see FAULT_KINDS). */
  kind: FaultKind;
  /** Shown in GET /faults and the proxy's log (default: the kind and its index). */
  name?: string;
  /** The share of requests (of connections for bandwidth and blackhole) it hits: 0.3 or '30%' (default 1). */
  share?: number | string;
  /** Requests only: `/api/posts/:id`, `GET /api/*` (`:x` one segment, `*` the rest). */
  route?: string;
  /** Active from this long after the proxy (or the run) started (default 0). */
  from?: DurationInput;
  /** Active until this long after the start (default: for ever). */
  to?: DurationInput;
  /** latency, slow-first-byte: the added delay. */
  delay?: DurationInput;
  /** latency, slow-first-byte: the spread around `delay` (default 0). */
  jitter?: DurationInput;
  /** latency, slow-first-byte: default `uniform` with a jitter, `fixed` without. */
  distribution?: Distribution;
  /** bandwidth: bytes per second from the service to the client ('64KB', 65536). */
  down?: number | string;
  /** bandwidth: bytes per second from the client to the service. */
  up?: number | string;
  /** reset: before the request reaches the service (`request`, default) or half-way through its response. */
  at?: 'request' | 'response';
  /** timeout: close the connection after this long (default: never; the client gives up first). */
  closeAfter?: DurationInput;
  /** http-error: the status sent instead of the service's answer (default 503). */
  status?: number;
  /** http-error: its body (default: a line naming the fault). */
  body?: string;
  /** truncate: body bytes let through before the connection closes (default: half the body). */
  keep?: number;
}

/** A fault after normalization: times in ms, shares as fractions, routes compiled. */
export interface Fault {
  readonly kind: FaultKind;
  readonly name: string;
  readonly share: number;
  readonly route: RouteMatch | undefined;
  readonly fromMs: number;
  readonly toMs: number;
  readonly delayMs: number;
  readonly jitterMs: number;
  readonly distribution: Distribution;
  /** Bytes per ms; 0: not limited. */
  readonly downBytesPerMs: number;
  readonly upBytesPerMs: number;
  readonly at: 'request' | 'response';
  readonly closeAfterMs: number;
  readonly status: number;
  readonly body: string;
  readonly keep: number | undefined;
  /** As written, for GET /faults. */
  readonly input: FaultInput;
}

export interface RouteMatch {
  readonly method: string | undefined;
  readonly pattern: RegExp;
  readonly source: string;
}
