import type * as tls from 'node:tls';
import type { TlsOptions } from '../types.ts';

/**
 * One TLS context per test's TLS options, shared by every session. `tls.connect` without
 * one builds a context per connection (its CA store, key and certificate parsed again): at
 * 1 000 VUs that is a thousand copies, in CPU at connect and in resident memory.
 */
const contexts = new WeakMap<TlsOptions, tls.SecureContext>();

export function secureContextFor(tlsModule: typeof tls, options: TlsOptions): tls.SecureContext {
  let context = contexts.get(options);
  if (context === undefined) {
    context = tlsModule.createSecureContext({
      ca: options.ca as string | string[] | undefined,
      cert: options.cert,
      key: options.key,
    });
    contexts.set(options, context);
  }
  return context;
}
