import type { TransportRequest } from '../types.ts';

/**
 * HTTP/2 request header lists, built once per request shape. The client reuses one
 * `TransportRequest` object for requests of one shape (client.ts, `requestFor`), so the list
 * is cached on it; node:http2 takes the flat list as it is (raw headers), adding `:scheme`
 * and `:authority` itself, and copies it, so one list serves every request of the shape.
 */

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// HTAB, visible ASCII and obs-text; nothing that could end a line.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Connection-specific fields are forbidden in HTTP/2 (RFC 9113 §8.2.2); the transport frames the body. */
const DROPPED: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'content-length',
]);

/** One request shape's header list and its size. */
export interface H2RequestShape {
  readonly headers: readonly string[];
  /** Bytes the fields take as HTTP/1.1 would write them, the body excluded: node:http2's `data_sent` estimate (the lean client counts its frames). */
  readonly headerBytes: number;
}

const cache = new WeakMap<TransportRequest, H2RequestShape>();

/** The shape of `req`; throws an Error with a one-line message on invalid input. */
export function h2ShapeFor(req: TransportRequest): H2RequestShape {
  let shape = cache.get(req);
  if (shape === undefined) {
    const headers = buildHeaders(req);
    shape = { headers, headerBytes: headerListBytes(headers) };
    cache.set(req, shape);
  }
  return shape;
}

function buildHeaders(req: TransportRequest): string[] {
  const { method, url, headers } = req;
  if (!TOKEN.test(method)) throw new Error(`invalid HTTP method ${JSON.stringify(method)}`);
  const list = [':method', method, ':path', `${url.pathname}${url.search}`];
  for (let i = 0; i + 1 < headers.length; i += 2) {
    const name = headers[i] as string;
    const value = headers[i + 1] as string;
    if (!TOKEN.test(name)) throw new Error(`invalid header name ${JSON.stringify(name)}`);
    if (!FIELD_VALUE.test(value)) throw new Error(`invalid characters in the value of header ${name}`);
    const lower = name.toLowerCase();
    if (DROPPED.has(lower)) continue;
    // TE may only say "trailers"; Host becomes the :authority pseudo-header.
    if (lower === 'te' && value.trim().toLowerCase() !== 'trailers') continue;
    if (lower === 'host') list.push(':authority', value);
    else list.push(lower, value);
  }
  if (req.body !== undefined) list.push('content-length', String(req.body.length));
  return list;
}

function headerListBytes(list: readonly string[]): number {
  let bytes = 0;
  for (let i = 0; i + 1 < list.length; i += 2)
    bytes += (list[i] as string).length + (list[i + 1] as string).length + 4;
  return bytes;
}
