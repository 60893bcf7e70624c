import type { TlsOptions } from '../types.ts';
import { type H2ClientName, H2Origin } from './origin.ts';

/**
 * The origins whose sessions the VUs of one runner (one event loop) share, as a proxy or a
 * service mesh multiplexes many users' requests over few connections. Keyed by the TLS
 * options object (one per test) and the origin; counted by the transports holding each, and
 * closed when the last lets go.
 */
interface Held {
  readonly origin: H2Origin;
  holders: number;
}

const byTls = new WeakMap<TlsOptions, Map<string, Held>>();

/** The shared origin for `url`, made on first use; every `acquire` needs one `release`. */
export function acquireSharedOrigin(
  url: URL,
  tls: TlsOptions,
  streamsPerSession: number,
  client: H2ClientName,
): H2Origin {
  let origins = byTls.get(tls);
  if (origins === undefined) {
    origins = new Map();
    byTls.set(tls, origins);
  }
  const key = `${url.origin} ${streamsPerSession} ${client}`;
  let held = origins.get(key);
  if (held === undefined || held.origin.closed) {
    const origin = new H2Origin(url, tls, {
      maxSessions: Number.POSITIVE_INFINITY,
      streamsPerSession,
      client,
    });
    held = { origin, holders: 0 };
    origins.set(key, held);
  }
  held.holders++;
  return held.origin;
}

/** Lets go of a shared origin; the last holder closes its sessions. */
export function releaseSharedOrigin(origin: H2Origin, tls: TlsOptions): Promise<void> {
  const origins = byTls.get(tls);
  if (origins === undefined) return Promise.resolve();
  for (const [key, held] of origins) {
    if (held.origin !== origin) continue;
    if (--held.holders > 0) return Promise.resolve();
    origins.delete(key);
    return origin.close();
  }
  return Promise.resolve();
}
