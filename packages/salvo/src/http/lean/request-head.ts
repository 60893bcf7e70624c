import type { TransportRequest } from '../types.ts';
import type { OriginPool } from './origin-pool.ts';

/**
 * Request heads serialized once per request shape. The client reuses the same `url` and
 * `headers` objects for requests of one shape, so a shape is keyed on their identity (and
 * the method); only Content-Length varies with the body, and the head for the last body
 * length is kept too.
 */

const MAX_SHAPES_PER_URL = 8;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// HTAB, visible ASCII and obs-text; nothing that could end a line.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

class RequestShape {
  readonly url: URL;
  readonly headers: readonly string[];
  readonly method: string;
  /** Everything up to and including the last header line, without Content-Length. */
  private readonly prefix: string;
  private readonly sendsZeroLength: boolean;
  private bodylessHead: Buffer | undefined;
  private lastBodyLength = -1;
  private lastBodyHead: Buffer | undefined;
  /** The pool for this URL's origin, found once. */
  pool: OriginPool | undefined;
  /** The next shape with the same URL object. */
  next: RequestShape | undefined;

  constructor(req: TransportRequest, prefix: string) {
    this.url = req.url;
    this.headers = req.headers;
    this.method = req.method;
    this.prefix = prefix;
    this.sendsZeroLength = METHODS_WITH_BODY.has(req.method.toUpperCase());
  }

  /** The head bytes for a request of this shape with this body. */
  headFor(body: Uint8Array | undefined): Buffer {
    if (body === undefined) {
      if (this.bodylessHead === undefined) {
        const length = this.sendsZeroLength ? 'Content-Length: 0\r\n' : '';
        this.bodylessHead = Buffer.from(`${this.prefix}${length}\r\n`, 'latin1');
      }
      return this.bodylessHead;
    }
    if (body.length !== this.lastBodyLength || this.lastBodyHead === undefined) {
      this.lastBodyHead = Buffer.from(`${this.prefix}Content-Length: ${body.length}\r\n\r\n`, 'latin1');
      this.lastBodyLength = body.length;
    }
    return this.lastBodyHead;
  }
}

export class RequestHeadCache {
  /** Made for the second shape: most VUs send one. */
  private byUrl: WeakMap<URL, RequestShape> | undefined;
  private last: RequestShape | undefined;

  /** The shape for a request; throws an Error with a one-line message on invalid input. */
  shapeFor(req: TransportRequest): RequestShape {
    const last = this.last;
    if (
      last !== undefined &&
      last.url === req.url &&
      last.headers === req.headers &&
      last.method === req.method
    ) {
      return last;
    }
    let byUrl = this.byUrl;
    if (byUrl === undefined) {
      if (last === undefined) return (this.last = new RequestShape(req, serializePrefix(req)));
      byUrl = this.byUrl = new WeakMap([[last.url, last]]);
    }
    const first = byUrl.get(req.url);
    let count = 0;
    for (let shape = first; shape !== undefined; shape = shape.next) {
      if (shape.headers === req.headers && shape.method === req.method) return (this.last = shape);
      count++;
    }
    const shape = new RequestShape(req, serializePrefix(req));
    // Newest first; a URL used with ever-new header arrays keeps only its latest shapes.
    shape.next = count >= MAX_SHAPES_PER_URL ? undefined : first;
    byUrl.set(req.url, shape);
    this.last = shape;
    return shape;
  }
}

function serializePrefix(req: TransportRequest): string {
  const { method, url, headers } = req;
  if (!TOKEN.test(method)) throw new Error(`invalid HTTP method ${JSON.stringify(method)}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`the lean transport cannot send ${url.protocol} URLs`);
  }
  let fields = '';
  let hasHost = false;
  for (let i = 0; i + 1 < headers.length; i += 2) {
    const name = headers[i] as string;
    const value = headers[i + 1] as string;
    if (!TOKEN.test(name)) throw new Error(`invalid header name ${JSON.stringify(name)}`);
    if (!FIELD_VALUE.test(value)) throw new Error(`invalid characters in the value of header ${name}`);
    const lower = name.toLowerCase();
    // The transport frames the body itself.
    if (lower === 'content-length' || lower === 'transfer-encoding') continue;
    if (lower === 'host') hasHost = true;
    fields += `${name}: ${value}\r\n`;
  }
  const host = hasHost ? '' : `Host: ${url.host}\r\n`;
  return `${method} ${url.pathname}${url.search} HTTP/1.1\r\n${host}${fields}`;
}
