import type { TransportRequest } from '../types.ts';
import { encodeHeaderBlock } from './hpack-encoder.ts';
import type { H2RequestShape } from './request-headers.ts';

/**
 * The HPACK-encoded request header block of one request shape, built on its first request
 * and reused by every later one (the client keeps one `TransportRequest` per shape, and its
 * URL with it): pseudo-headers first (RFC 9113 §8.3.1), `:authority` from a Host header or
 * the URL.
 */
const blocks = new WeakMap<TransportRequest, Buffer>();

export function headerBlockFor(req: TransportRequest, shape: H2RequestShape): Buffer {
  let block = blocks.get(req);
  if (block === undefined) {
    const headers = shape.headers;
    let method = 'GET';
    let path = '/';
    let authority = req.url.host;
    const rest: string[] = [];
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const name = headers[i] as string;
      const value = headers[i + 1] as string;
      if (name === ':method') method = value;
      else if (name === ':path') path = value;
      else if (name === ':authority') authority = value;
      else rest.push(name, value);
    }
    const scheme = req.url.protocol === 'https:' ? 'https' : 'http';
    block = encodeHeaderBlock([
      ':method',
      method,
      ':scheme',
      scheme,
      ':authority',
      authority,
      ':path',
      path,
      ...rest,
    ]);
    blocks.set(req, block);
  }
  return block;
}
