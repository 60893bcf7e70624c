import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createSecureServer } from 'node:http2';
import { createServer } from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectingHandler, listenTestServer, type TestServer } from './test-server.ts';

export interface SelfSignedCert {
  readonly cert: string;
  readonly key: string;
}

let cached: SelfSignedCert | undefined;

/** A self-signed certificate for 127.0.0.1 and localhost, made once per process with the openssl CLI. */
export function selfSignedCert(): SelfSignedCert {
  if (cached !== undefined) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'salvo-tls-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
      ].concat(
        ['-keyout', keyPath, '-out', certPath, '-subj', '/CN=localhost'],
        ['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      ),
      { stdio: 'ignore' },
    );
    cached = { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The test server's routes over TLS with a self-signed certificate. With `http2`, it speaks
 * HTTP/2 to clients that offer it (ALPN) and HTTP/1.1 to the rest.
 */
export async function startTlsTestServer(
  options: { http2?: boolean } = {},
): Promise<TestServer & SelfSignedCert> {
  const { cert, key } = selfSignedCert();
  const hitsByKey = new Map<string, number>();
  const handler = collectingHandler(hitsByKey);
  const server = options.http2
    ? createSecureServer({ cert, key, allowHTTP1: true }, handler as never)
    : createServer({ cert, key, keepAliveTimeout: 30_000 }, handler);
  const sockets = new Set<Socket>();
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const running = await listenTestServer(server, 'https', 'secureConnection', hitsByKey);
  return {
    ...running,
    cert,
    key,
    close: () => {
      const closing = running.close();
      for (const socket of sockets) socket.destroy();
      return closing;
    },
  };
}
