import { SalvoError } from '../errors.ts';
import type { Response, ResponseTimings } from './api.ts';
import type { ErrorKind, PhaseTimings, TransportName, TransportResult } from './types.ts';

export interface ResponseError {
  readonly kind: ErrorKind;
  readonly message: string;
}

/** What a user's code gets back: one object per request, the body decoded on demand. */
export class HttpResponse implements Response {
  readonly status: number;
  readonly url: string;
  readonly method: string;
  readonly name: string;
  readonly error: ResponseError | undefined;
  readonly ok: boolean;
  readonly retries: number;
  readonly transport: TransportName;
  readonly body: Buffer | undefined;
  readonly trailers: Readonly<Record<string, string>>;
  private decoded: string | undefined;
  readonly #phases: PhaseTimings;
  #timings: ResponseTimings | undefined;
  /** The transport's headers, which may be shared with other responses; copied when read. */
  readonly #sharedHeaders: Readonly<Record<string, string>>;
  #headers: Readonly<Record<string, string>> | undefined;

  constructor(
    result: TransportResult,
    url: string,
    method: string,
    name: string,
    error: ResponseError | undefined,
    retries: number,
    transport: TransportName,
  ) {
    this.status = result.status;
    this.#sharedHeaders = result.headers;
    this.url = url;
    this.method = method;
    this.name = name;
    this.#phases = result.timings;
    this.error = error;
    this.ok = error === undefined;
    this.retries = retries;
    this.transport = transport;
    this.body = result.body;
    this.trailers = result.trailers ?? NO_TRAILERS;
  }

  /** This response's own copy of the headers, made when first read (most tests never look). */
  get headers(): Readonly<Record<string, string>> {
    this.#headers ??= { ...this.#sharedHeaders };
    return this.#headers;
  }

  /** Built when read: most tests never look, and it is one more object per request. */
  get timings(): ResponseTimings {
    this.#timings ??= responseTimings(this.#phases);
    return this.#timings;
  }

  text(): string {
    this.decoded ??= this.body === undefined ? '' : this.body.toString('utf8');
    return this.decoded;
  }

  json<T = unknown>(): T {
    try {
      return JSON.parse(this.text()) as T;
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new SalvoError('SALVO_ERR_SCRIPT', `response of ${this.method} ${this.name} is not JSON: ${why}`);
    }
  }
}

const NO_TRAILERS: Readonly<Record<string, string>> = Object.freeze({});

function responseTimings(t: PhaseTimings): ResponseTimings {
  return {
    blocked: t.blockedMs,
    connecting: t.connectingMs,
    tls_handshaking: t.tlsHandshakingMs,
    sending: t.sendingMs,
    waiting: t.waitingMs,
    receiving: t.receivingMs,
    duration: t.durationMs,
  };
}
